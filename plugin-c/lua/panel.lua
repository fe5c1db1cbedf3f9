--[[
LutBridge panel for darktable 4.2 (Lua API 9): lighttable (right) and darkroom (left).

Installed by `lutbridge install darktable` into <configdir>/lua/lutbridge/ together with
lutbridge.so (the C half: the client of the LutBridge host), lutbridge_session.lua (what the
panel does, without widgets) and config.lua (host command, LUT folders, Look parameter table).
luarc loads it with: require "lutbridge.panel"

Choose a LUT (.cube, .3dl, HaldCLUT .png): the host decomposes it into a Look whose named
parameters appear as sliders (a LutBridge .cube reopens its Look directly). Moving a slider
rebakes the LUT into <configdir>/lutbridge/luts and re-imports the style "LutBridge: <name>"
(module lut3d). "apply" puts that style into the history of the selected images (lighttable)
or of the image being edited (darkroom). The host's answers are collected by a background job
(darktable.control.dispatch) that polls without blocking, so the GUI never waits on the host;
the same job notices slider moves (darktable 4.2's Lua sliders have no change callback).
]]

local dt = require "darktable"

local here = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./")
package.cpath = here .. "?.so;" .. package.cpath
package.path = here .. "?.lua;" .. package.path

local function log(msg) dt.print_log("[lutbridge] " .. msg) end

local ok_lb, lb = pcall(require, "lutbridge")
local ok_cfg, config = pcall(dofile, here .. "config.lua")
local Session = require "lutbridge_session"

local styles = Session.darktable_styles(dt)

-- ---- widgets -------------------------------------------------------------------------------
local status = dt.new_widget("label") { label = "choose a LUT to start", ellipsize = "middle" }
local summary = dt.new_widget("label") { label = "", ellipsize = "end" }
local session -- created below once the module and config are known to be there
local loading = false -- true while sliders are set from a Look (their callbacks must not rebake)
local sliders = {}

-- darktable 4.2's sliders have no change callback, so one background job (dt.control.dispatch)
-- watches the sliders and pumps the host's answers; the Lua lock is released while it sleeps,
-- so the GUI thread only ever waits for one short, non-blocking step.
local WATCH_IDLE_MS, WATCH_BUSY_MS = 100, 15
-- Reading a slider is a round trip to darktable's GUI thread made while holding the Lua lock;
-- if darktable starts quitting during one, its main thread waits for the Lua lock and the read
-- waits for the main thread: a hang at quit (seen under Xvfb, about 1 quit in 4 when all 87
-- sliders were read every 50 ms; once in a full CI run with the visible page read every
-- 100 ms). So only the page on show (and strength) is read, every 100 ms while sliders move
-- and every 500 ms once they are still, the quit flag is checked before every read, and a
-- quitting darktable gets no more reads. darktable 4.2's Lua sliders take no changed_callback ("can't be written for
-- type lua_slider"), so polling stays; the race is narrowed, not gone (the GUI e2e with a photo
-- import and apply still hung 1 quit in 6).
-- Once the sliders have been still for a while (QUIET_TICKS idle ticks) they are read only
-- every SLOW_EVERY-th tick (half a second), which is when a user is likely to quit; the first
-- move after a pause is then noticed within half a second, the following ones at once.
local visible_group = nil -- the slider page on show (set by its combobox)
local QUIET_TICKS, SLOW_EVERY = 15, 5
local function watch()
  local still = 0 -- ticks since a slider last moved
  while not dt.control.ending do
    if session then
      if session.look and not loading and (still < QUIET_TICKS or still % SLOW_EVERY == 0) then
        local moved = false
        for _, p in ipairs(session.params) do
          if dt.control.ending then return end
          local w = sliders[p.name]
          if w and (p.name == "strength" or p.group == visible_group) then
            local v = w.value
            if session:steps_for(p, v) ~= session:steps(p.name) then session:set(p.name, v); moved = true end
          end
        end
        if moved then still = 0 end
      end
      still = still + 1
      session:pump(0)
    end
    dt.control.sleep(session and session:busy() and WATCH_BUSY_MS or WATCH_IDLE_MS)
  end
end

local function on_look(s)
  loading = true
  for _, p in ipairs(s.params) do
    local w = sliders[p.name]
    if w then
      w.value = s:value(p.name)
      w.sensitive = true
    end
  end
  loading = false
  summary.label = "Look: " .. s:title()
end

-- Opens a LUT in the panel: a LutBridge .cube reopens its Look, anything else is decomposed;
-- either way the first bake makes the style ready to apply.
local function open_lut(path)
  if not session or not path or path == "" then return false end
  session:choose(path, function(ok)
    if ok then session:bake() end
  end)
  return true
end

local chooser = dt.new_widget("file_chooser_button") {
  title = "LutBridge: choose a LUT (.cube, .3dl, HaldCLUT .png)",
  is_directory = false,
  changed_callback = function(self) open_lut(self.value) end,
}

-- Room for the other sources as their engines land: each is one page of this stack.
local sources = dt.new_widget("stack") {
  dt.new_widget("box") { orientation = "vertical", chooser },
  dt.new_widget("label") { label = "describe a look in words (coming with the prompt engine)" },
  dt.new_widget("label") { label = "match a reference photo (coming with the reference engine)" },
  dt.new_widget("label") { label = "learn from a before/after pair (coming with the pair engine)" },
}
local source_kind = dt.new_widget("combobox") {
  label = "source",
  selected = 1,
  "LUT file", "prompt", "reference photo", "before/after pair",
  changed_callback = function(self) sources.active = self.selected end,
}

local function slider_for(p)
  return dt.new_widget("slider") {
    label = p.unit ~= "" and string.format("%s (%s)", p.name:gsub("_", " "), p.unit) or p.name:gsub("_", " "),
    soft_min = p.min, soft_max = p.max, hard_min = p.min, hard_max = p.max,
    step = p.step, digits = p.step < 0.001 and 4 or 3, value = p.neutral,
    sensitive = false,
  }
end

-- The Look's parameters, one page per group (light, colour, hue, ...) picked by a combobox,
-- so 40-odd sliders fit a side panel; strength stays visible below.
local group_pages = dt.new_widget("stack") {}
local group_names = {}
local strength_box = dt.new_widget("box") { orientation = "vertical" }
if ok_cfg and type(config) == "table" then
  local page_of = {}
  for _, p in ipairs(config.parameters or {}) do
    local w = slider_for(p)
    sliders[p.name] = w
    if p.name == "strength" then
      strength_box[#strength_box + 1] = w
    else
      if not page_of[p.group] then
        page_of[p.group] = dt.new_widget("box") { orientation = "vertical" }
        group_pages[#group_pages + 1] = page_of[p.group]
        group_names[#group_names + 1] = p.group
      end
      local page = page_of[p.group]
      page[#page + 1] = w
    end
  end
end
local group_choice = dt.new_widget("combobox") {
  label = "sliders",
  changed_callback = function(self)
    group_pages.active = self.selected
    visible_group = group_names[self.selected]
  end,
  table.unpack(group_names),
}
if #group_names > 0 then group_choice.selected = 1; group_pages.active = 1; visible_group = group_names[1] end

-- images: the images to apply to (scripts, tests). A click passes the button itself and
-- means the image in darkroom or the selected/hovered images in lighttable.
local function apply_style(images)
  if type(images) ~= "table" then images = nil end -- the button passes itself (a widget)
  if not session or not session.last_style then status.label = "nothing to apply yet: choose a LUT first"; return end
  local name = session:style_name()
  local style = styles.find(name)
  if not style then status.label = "style " .. name .. " is missing; move a slider to rebuild it"; return end
  if not images and dt.gui.current_view() == dt.gui.views.darkroom then
    dt.gui.action("global/styles/" .. name, 0, "", "", 1.0)
    status.label = "applied " .. name .. " to the image in darkroom"
  else
    local n = 0
    for _, image in ipairs(images or dt.gui.action_images) do
      dt.styles.apply(style, image)
      n = n + 1
    end
    status.label = string.format("applied %s to %d image(s)", name, n)
    log(status.label)
  end
end

local panel = dt.new_widget("box") {
  orientation = "vertical",
  dt.new_widget("section_label") { label = "source" },
  source_kind,
  sources,
  status,
  dt.new_widget("button") { label = "cancel", clicked_callback = function() if session then session:cancel() end end },
  dt.new_widget("section_label") { label = "look" },
  summary,
  group_choice,
  group_pages,
  dt.new_widget("section_label") { label = "strength" },
  strength_box,
  dt.new_widget("button") { label = "apply to image(s)", clicked_callback = apply_style },
}

if not ok_lb then
  status.label = "lutbridge.so did not load: " .. tostring(lb)
  log("C module failed to load: " .. tostring(lb))
elseif not ok_cfg or type(config) ~= "table" then
  status.label = "config.lua missing: run 'lutbridge install darktable'"
  log("config.lua failed to load: " .. tostring(config))
else
  session = Session.new {
    lb = lb, config = config, styles = styles,
    on_status = function(text) status.label = text end,
    on_look = on_look,
    on_styled = function(s)
      status.label = "style ready: " .. s:style_name()
      log("style imported: " .. s:style_name() .. " -> " .. tostring(s.last_lut))
    end,
  }
end

dt.register_lib("lutbridge", "LutBridge", true, false, {
  [dt.gui.views.lighttable] = { "DT_UI_CONTAINER_PANEL_RIGHT_CENTER", 100 },
  [dt.gui.views.darkroom] = { "DT_UI_CONTAINER_PANEL_LEFT_CENTER", 100 },
}, panel, nil, nil)
if session then dt.control.dispatch(watch) end

log(string.format("panel registered (module %s, %d sliders)", ok_lb and "loaded" or "MISSING", #(ok_cfg and config.parameters or {})))

-- Other scripts (and the tests) can drive the panel: require "lutbridge.panel".open(path),
-- .apply({image, ...}).
return { open = open_lut, apply = apply_style, session = session, sliders = sliders }
