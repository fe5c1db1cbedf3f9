--[[
Panel source "words": a look described in words (look.prompt, "text:str, options:map?").
]]
return {
  id = "words",
  label = "words",
  method = "look.prompt",
  tooltip = "describe a look in words, e.g. 'warm faded film, soft greens'",
  build = function(ui)
    local entry = ui.dt.new_widget("entry") {
      placeholder = "warm faded film, soft greens",
      tooltip = "a few words about the look you want; press 'make the look'",
    }
    return ui.dt.new_widget("box") {
      orientation = "vertical",
      entry,
      ui.dt.new_widget("button") {
        label = "make the look",
        tooltip = "the host turns the words into a Look (sliders you can edit)",
        clicked_callback = function()
          local text = entry.text or ""
          if text:match("^%s*$") then ui.say("type a few words first") return end
          ui.run("look.prompt", { n = 1, text }, "words " .. text:sub(1, 40))
        end,
      },
    }
  end,
}
