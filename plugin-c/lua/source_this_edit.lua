--[[
Panel source "this image's edit": turn the darktable edit of the image in darkroom (or the first
selected image) into a Look (look.distil on two exports: the image without its history and with
it), so the edit travels as a LUT/Look to other photos and editors.
]]
return {
  id = "this_edit",
  label = "this image's edit",
  method = "look.distil",
  tooltip = "turn this image's darktable edit into a Look",
  build = function(ui)
    return ui.dt.new_widget("box") {
      orientation = "vertical",
      ui.dt.new_widget("button") {
        label = "learn this image's edit",
        tooltip = "exports the image without and with its history and fits a Look between them",
        clicked_callback = function()
          local image = ui.current_image()
          if not image then ui.say("open an image in darkroom or select one first") return end
          local dir = ui.session.config.lut_dir
          local before, after = dir .. "/.edit-before.jpg", dir .. "/.edit-after.jpg"
          local jpeg = ui.dt.new_format("jpeg")
          jpeg.quality = 95
          jpeg:write_image(image, after)
          local plain = image:duplicate()
          plain:reset()
          jpeg:write_image(plain, before)
          plain:delete()
          ui.run("look.distil", { n = 2, before, after }, "edit " .. tostring(image.filename))
        end,
      },
    }
  end,
}
