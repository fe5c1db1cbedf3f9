--[[
Panel source "before/after pair": learn the look from two renderings of one photo
(look.distil, "before:str, after:str, options:map?").
]]
return {
  id = "pair",
  label = "before/after pair",
  method = "look.distil",
  tooltip = "learn a look from a photo before and after someone else's grade",
  build = function(ui)
    local before = ui.dt.new_widget("file_chooser_button") { title = "LutBridge: the photo before", is_directory = false, tooltip = "the ungraded photo" }
    local after = ui.dt.new_widget("file_chooser_button") { title = "LutBridge: the same photo after", is_directory = false, tooltip = "the same photo, graded" }
    return ui.dt.new_widget("box") {
      orientation = "vertical",
      ui.dt.new_widget("label") { label = "before" }, before,
      ui.dt.new_widget("label") { label = "after" }, after,
      ui.dt.new_widget("button") {
        label = "learn the look",
        tooltip = "the host fits a Look that turns 'before' into 'after'",
        clicked_callback = function()
          if not before.value or before.value == "" or not after.value or after.value == "" then
            ui.say("choose both photos first") return
          end
          ui.run("look.distil", { n = 2, before.value, after.value }, "pair " .. (after.value:match("([^/]+)$") or "after"))
        end,
      },
    }
  end,
}
