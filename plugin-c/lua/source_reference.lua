--[[
Panel source "reference photo": match the look of one or more reference photos
(look.match, "refs:array, options:map?"), applied to the image in darkroom or the first selected.
With a style library (a folder indexed by `lutbridge library add`) the host also offers the
style set's variants (the steadied Look, then distinct neighbours); one button clicks through them.
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
    local library = ui.dt.new_widget("file_chooser_button") {
      title = "LutBridge: choose a style library (optional)",
      is_directory = true,
      tooltip = "optional: a folder of LUTs, Looks and photos indexed with `lutbridge library add`; the match then offers its nearest styles as variants",
    }
    local variants, shown = {}, 0
    local cycle
    local match = ui.dt.new_widget("button") {
      label = "match this photo",
      tooltip = "the host fits a Look that moves your image toward the reference",
      clicked_callback = function()
        local ref = chooser.value
        if not ref or ref == "" then ui.say("choose a reference photo first") return end
        local options = {}
        local input = ui.current_image_path()
        if input then options.input = input end
        local folder = library.value
        if folder and folder ~= "" then options.library = folder end
        ui.run("look.match", { n = 2, { ref }, options }, "match " .. (ref:match("([^/]+)$") or ref), function(result)
          variants, shown = {}, 0
          for _, v in ipairs(result.report and result.report.variants or {}) do
            if type(v.look) == "string" then variants[#variants + 1] = { label = tostring(v.label), look = v.look } end
          end
          cycle.label = #variants > 0 and string.format("variants: %d to click through", #variants) or "variants: choose a style library"
        end)
      end,
    }
    cycle = ui.dt.new_widget("button") {
      label = "variants: choose a style library",
      tooltip = "click through the style set's variants: each click shows the next one",
      clicked_callback = function()
        if #variants == 0 then ui.say("choose a style library, then match this photo") return end
        shown = shown % #variants + 1
        local v = variants[shown]
        cycle.label = string.format("variant %d/%d: %s", shown, #variants, v.label)
        ui.show_look(v.look, "match " .. v.label)
      end,
    }
    local library_label = ui.dt.new_widget("label") { label = "style library (optional):", halign = "start" }
    return ui.dt.new_widget("box") { orientation = "vertical", chooser, library_label, library, match, cycle }
  end,
}
