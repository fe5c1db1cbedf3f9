--[[
Panel source "LUT file": a .cube, .3dl or HaldCLUT .png decomposed by the host (look.decompose);
a LutBridge .cube reopens the Look it carries without asking the host.
Every source module returns {id, label, method, tooltip, build(ui) -> widget}; ui is given by
panel.lua: {dt, lb, session, log, open(path) / run(method, args, title)}.
]]
return {
  id = "lut",
  label = "LUT file",
  method = "look.decompose",
  tooltip = "turn a LUT (.cube, .3dl, HaldCLUT .png) into editable sliders",
  build = function(ui)
    local chooser = ui.dt.new_widget("file_chooser_button") {
      title = "LutBridge: choose a LUT (.cube, .3dl, HaldCLUT .png)",
      is_directory = false,
      tooltip = "a .cube, .3dl or HaldCLUT .png: LutBridge fits sliders to it (a LutBridge .cube reopens its own)",
      changed_callback = function(self) ui.open(self.value, self) end,
    }
    -- Only LUT files in the chooser (GTK filter; darktable 4.2's Lua chooser has none).
    if ui.lb.lut_filter then
      local ok, err = ui.lb.lut_filter(chooser, "LUT files (.cube, .3dl, .png, .csp, .spi3d)",
        { "*.cube", "*.CUBE", "*.3dl", "*.3DL", "*.png", "*.PNG", "*.csp", "*.spi3d" })
      if not ok and ui.lb.ui_hooks() then ui.log("no LUT filter on the chooser: " .. tostring(err)) end
    end
    ui.chooser = chooser
    return ui.dt.new_widget("box") { orientation = "vertical", chooser }
  end,
}
