--[[
Panel source "reference photo": match the look of one or more reference photos
(look.match, "refs:array, options:map?"), applied to the image in darkroom or the first selected.
]]
return {
  id = "reference",
  label = "reference photo",
  method = "look.match",
  tooltip = "match the colours and tones of a reference photo",
  build = function(ui)
    local chooser = ui.dt.new_widget("file_chooser_button") {
      title = "LutBridge: choose a reference photo",
      is_directory = false,
      tooltip = "a photo whose look you want (JPEG, PNG, TIFF)",
    }
    return ui.dt.new_widget("box") {
      orientation = "vertical",
      chooser,
      ui.dt.new_widget("button") {
        label = "match this photo",
        tooltip = "the host fits a Look that moves your image toward the reference",
        clicked_callback = function()
          local ref = chooser.value
          if not ref or ref == "" then ui.say("choose a reference photo first") return end
          local options = {}
          local input = ui.current_image_path()
          if input then options.input = input end
          ui.run("look.match", { n = 2, { ref }, options }, "match " .. (ref:match("([^/]+)$") or ref))
        end,
      },
    }
  end,
}
