--[[
LutBridge panel for darktable 4.2 (Lua API 9): lighttable (right) and darkroom (left).

Installed by `lutbridge install darktable` into <configdir>/lua/lutbridge/ together with
lutbridge.so (the C half: the client of the LutBridge host and a few GTK hooks),
lutbridge_session.lua (what the panel does, without widgets), source_*.lua (one file per source
of a Look) and config.lua (host command, LUT folders, Look parameter table).
luarc loads it with: require "lutbridge.panel"

A source (LUT file, words, reference photo, before/after pair, this image's edit) gives a Look
whose named parameters appear as sliders. Every settled slider move rebakes the Look into a LUT
(<configdir>/lutbridge/luts, named by content) and re-imports the style "LutBridge: <name>"
(module lut3d). In darkroom the image being developed follows live: its history keeps one
LutBridge item with the latest values. "apply to image(s)" puts the style on the selected
images (lighttable).

Threads: darktable runs this file and every callback on its Lua thread, GTK on its main thread;
a read of a Lua widget is a round trip to the main thread made while holding the Lua lock
(a quit during one hung darktable). So slider moves are not polled: lutbridge.so connects to
each slider's "value-changed" signal and records the value on the main thread; one background
job (dt.control.dispatch) collects those records and pumps the host's answers, touching the
GUI only when something happened.
]]

local dt = require "darktable"

local here = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./")
package.cpath = here .. "?.so;" .. package.cpath
package.path = here .. "?.lua;" .. package.path

local function log(msg) dt.print_log("[lutbridge] " .. msg) end

local ok_lb, lb = pcall(require, "lutbridge")
local ok_cfg, config = pcall(dofile, here .. "config.lua")
local Session = require "lutbridge_session"
local hooks = ok_lb and lb.ui_hooks and lb.ui_hooks()

-- Every widget call below is a round trip to GTK's main loop. Before that loop runs (darktable
-- still starting, seen under load) darktable 4.2's round trip deadlocks, so wait for it first.
if hooks then
  for _ = 1, 1200 do
    if lb.main_loop_running() then break end
    dt.control.sleep(50)
  end
end

local styles = Session.darktable_styles(dt)
local PANEL_CHARS = 38 -- status text wraps at this width: the side panel never grows with it

-- ---- widgets -------------------------------------------------------------------------------
local status = dt.new_widget("label") { label = "choose a source to start", halign = "start" }
local summary = dt.new_widget("label") { label = "", ellipsize = "end", halign = "start" }
if hooks then lb.wrap_label(status, PANEL_CHARS) end
local session -- created below once the module and config are known to be there
local sliders, slot_param = {}, {}
local live_updates = 0 -- how many times the darkroom image was updated (tests, benchmark)
local update_times = {} -- when the last update's steps ended (ms, Session.now_ms): the benchmark's breakdown

-- Results and errors also go to darktable's toast, which shows wherever the user is looking.
local function say(text) status.label = text; dt.print(text) end

-- The sliders a photographer reaches for first; the other groups are one page each.
local ESSENTIALS = { "exposure", "contrast", "shadows", "highlights", "temperature", "tint", "saturation", "vibrance" }
local GROUP_TITLES = {
  light = "light: levels and tone curve", colour = "colour and split toning", ["hue bands"] = "hue bands",
  ["rgb curves"] = "RGB curves (output)", ["channel mixer"] = "channel mixer", ["input curves"] = "input curves",
}

local function label_of(p)
  local name = p.name:gsub("_", " ")
  local k = p.name:match("^curve(%d)$")
  if k then name = "tone at " .. k .. "/6" end
  return name
end

local function slider_for(p)
  local w = dt.new_widget("slider") {
    label = label_of(p),
    soft_min = p.min, soft_max = p.max, hard_min = p.min, hard_max = p.max,
    step = p.step, digits = p.step < 0.001 and 4 or 3, value = p.neutral,
    sensitive = false,
    tooltip = string.format("%s\nrange %g … %g%s; double-click: %g (no change)", p.description or p.name,
      p.min, p.max, p.unit ~= "" and (" " .. p.unit) or "", p.neutral),
  }
  return w
end

-- ---- sources: one module each (source_*.lua) --------------------------------------------------
local SOURCE_MODULES = { "source_lut", "source_words", "source_reference", "source_pair", "source_this_edit" }
local sources = {}

local function current_image()
  if dt.gui.current_view() == dt.gui.views.darkroom then return dt.gui.views.darkroom.display_image() end
  local images = dt.gui.action_images
  return images and images[1] or nil
end

local previous_chooser_value
local ui = {
  dt = dt, lb = ok_lb and lb or {}, log = log, say = say,
  current_image = current_image,
  current_image_path = function()
    local image = current_image()
    return image and (image.path .. "/" .. image.filename) or nil
  end,
}
-- Opens a LUT: a LutBridge .cube reopens its Look, anything else is decomposed; either way
-- the first bake makes the style ready. A cancelled or failed decompose keeps the old Look, and
-- the chooser goes back to the file that Look came from.
function ui.open(path, chooser)
  if not session or not path or path == "" then return false end
  session:choose(path, function(ok, err, code)
    if ok then
      previous_chooser_value = path
      session:bake()
    else
      if code ~= "cancelled" then dt.print("LutBridge: " .. status.label) end
      if chooser and previous_chooser_value then chooser.value = previous_chooser_value end
    end
  end)
  return true
end
-- on_result(answer), when given, sees the whole answer after its Look is shown (a style set's variants).
function ui.run(method, args, title, on_result)
  if not session then return end
  session:produce(method, args, title, function(ok, err, code, result)
    if ok then
      session:bake()
      if on_result then on_result(result) end
    elseif code ~= "cancelled" then dt.print("LutBridge: " .. status.label) end
  end)
end
-- Shows a Look a source already holds (a style set's variant), named after title.
function ui.show_look(look, title)
  if not session then return end
  session:load_look(look, Session.source_name(title))
  session:set_status(title .. ": Look shown")
  session:bake()
end

local source_stack = dt.new_widget("stack") {}
local source_labels = {}
for _, name in ipairs(SOURCE_MODULES) do
  local ok, mod = pcall(require, name)
  if ok and type(mod) == "table" then
    ui.session = nil
    local built, widget = pcall(mod.build, ui)
    if built then
      sources[#sources + 1] = { mod = mod, widget = widget }
      source_stack[#source_stack + 1] = widget
      source_labels[#source_labels + 1] = mod.label
    else
      log("source " .. name .. " failed to build: " .. tostring(widget))
    end
  else
    log("source " .. name .. " failed to load: " .. tostring(mod))
  end
end
local source_note = dt.new_widget("label") { label = "", halign = "start" }
if hooks then lb.wrap_label(source_note, PANEL_CHARS) end
local offered = nil -- method name -> true, from the host's `version` answer

-- A source whose engine the running host does not offer is shown disabled, with a note.
local function show_source(i)
  source_stack.active = i
  local src = sources[i]
  if not src then return end
  local known = offered or (session and session.host_methods)
  local available = known == nil or known[src.mod.method] -- until the host has answered: enabled
  src.widget.sensitive = available and true or false
  source_note.label = available and src.mod.tooltip
    or string.format("not available: this LutBridge host has no %s yet", src.mod.method)
end

local source_kind = dt.new_widget("combobox") {
  label = "source",
  tooltip = "where the Look comes from",
  changed_callback = function(self) show_source(self.selected) end,
  table.unpack(source_labels),
}

-- ---- the Look's sliders: essentials first, then one page per group ---------------------------
local group_pages = dt.new_widget("stack") {}
local page_names = {}
local strength_box = dt.new_widget("box") { orientation = "vertical" }
if ok_cfg and type(config) == "table" then
  local essentials = {}
  for _, n in ipairs(ESSENTIALS) do essentials[n] = true end
  local pages = { { title = "essentials", box = dt.new_widget("box") { orientation = "vertical" } } }
  local page_of = {}
  for _, p in ipairs(config.parameters or {}) do
    local w = slider_for(p)
    sliders[p.name] = w
    slot_param[p.index] = p
    if p.name == "strength" then
      strength_box[#strength_box + 1] = w
    elseif not essentials[p.name] then
      if not page_of[p.group] then
        page_of[p.group] = { title = GROUP_TITLES[p.group] or p.group, box = dt.new_widget("box") { orientation = "vertical" } }
        pages[#pages + 1] = page_of[p.group]
      end
      local box = page_of[p.group].box
      box[#box + 1] = w
    end
  end
  for _, n in ipairs(ESSENTIALS) do
    if sliders[n] then pages[1].box[#pages[1].box + 1] = sliders[n] end
  end
  for _, page in ipairs(pages) do
    group_pages[#group_pages + 1] = page.box
    page_names[#page_names + 1] = page.title
  end
  -- Each slider's moves arrive through its GTK signal (any page, drags, double-click, Lua).
  if hooks then
    for _, p in ipairs(config.parameters or {}) do
      local ok, err = lb.watch_slider(sliders[p.name], p.index, p.neutral)
      if not ok then log("slider " .. p.name .. " is not watched: " .. tostring(err)); hooks = false; break end
    end
  end
end
local group_choice = dt.new_widget("combobox") {
  label = "sliders",
  tooltip = "essentials first; the other pages hold the finer controls of the Look",
  changed_callback = function(self) group_pages.active = self.selected end,
  table.unpack(page_names),
}
if #page_names > 0 then group_choice.selected = 1; group_pages.active = 1 end

local styled_at = 0 -- when the last style was written (its import waits for the sliders to rest)
local loading = false -- true while the sliders show a new Look (their moves are not edits)
local function on_look(s)
  loading = true
  for _, p in ipairs(s.params) do
    local w = sliders[p.name]
    if w then
      w.value = s:value(p.name)
      w.sensitive = true
    end
  end
  if hooks then lb.slider_changes() end -- those were the Look's own values, not edits
  loading = false
  summary.label = "Look: " .. s:title()
end

-- Every slider back to its neutral value (the module header's reset, the "neutral" button).
local function reset_sliders()
  if not session or not session.look then return end
  for _, p in ipairs(session.params) do
    local w = sliders[p.name]
    if w and session:steps(p.name) ~= 0 then w.value = p.neutral end
  end
  if not hooks then -- no signals: set the Look directly
    for _, p in ipairs(session.params) do session:set(p.name, p.neutral) end
  end
  say("sliders back to neutral (the Look does nothing but its residual; strength 1)")
end

-- ---- darkroom: the image being developed follows the sliders --------------------------------
-- Live (lutbridge.so's live_lut3d, inside darktable 4.2): each new LUT goes to the image's lut3d
-- the way darktable applies one of its presets: the module's parameters change and its history
-- item is replaced, so darktable reprocesses from lut3d on, like after a move of its own sliders,
-- and the history keeps one LutBridge (LUT 3D) item with the latest values. The style import waits
-- until the sliders rest (darktable's style store is only needed to apply to other images).
-- Fallback (no live hook): apply the style, which makes darktable reload the image, then
-- "compress history stack", which keeps the last of the items the applications stacked.
local LIVE_PRESET = "LutBridge panel (live)"
local live = hooks and lb.live_state and lb.live_state().available or false
local STYLE_IMPORT_IDLE_MS = 1500
local function in_darkroom() return dt.gui.current_view() == dt.gui.views.darkroom end
local function updated(name, s, started, applied)
  update_times = { started = started, applied = applied, compressed = Session.now_ms() }
  live_updates = live_updates + 1
  log(string.format("darkroom updated: %s -> %s", name, tostring(s.last_lut)))
end
local function update_darkroom_live(s)
  if not live or not in_darkroom() or s.dirty then return end -- a newer value is on its way
  if not dt.gui.views.darkroom.display_image() then return end
  local started = Session.now_ms()
  local seq, err = lb.live_lut3d(s:lut_relpath(), LIVE_PRESET)
  if not seq then
    live = false
    log("live lut3d unavailable (" .. tostring(err) .. "): the darkroom image follows through the style")
    return
  end
  updated(LIVE_PRESET, s, started, Session.now_ms())
end
local function update_darkroom_style(s)
  if live or not in_darkroom() or s.dirty then return end
  local image = dt.gui.views.darkroom.display_image()
  if not image then return end
  local name = s:style_name()
  if not styles.find(name) then return end
  local started = Session.now_ms()
  dt.gui.action("global/styles/" .. name, 0, "", "", 1.0)
  local applied = Session.now_ms()
  dt.gui.action("lib/history/compress history stack", 0, "", "", 1.0)
  updated(name, s, started, applied)
end
local function update_darkroom(s)
  if live then update_darkroom_live(s) else update_darkroom_style(s) end
end

-- images: the images to apply to (scripts, tests). A click passes the button itself and
-- means the image in darkroom (already live) or the selected images in lighttable.
local function apply_style(images)
  if type(images) ~= "table" then images = nil end -- the button passes itself (a widget)
  if not session or not session.look then say("nothing to apply yet: choose a source first"); return end
  session:when_settled(function()
    session:import_style()
    local name = session:style_name()
    local style = styles.find(name)
    if not style then say("style " .. name .. " is missing; move a slider to rebuild it"); return end
    if not images and in_darkroom() then
      update_darkroom(session)
      say("the image in darkroom shows " .. name)
      return
    end
    local targets = images or dt.gui.action_images or {}
    if #targets == 0 then say("no image selected: select images in lighttable, then apply"); return end
    for _, image in ipairs(targets) do dt.styles.apply(style, image) end
    say(string.format("applied %s to %d image%s", name, #targets, #targets == 1 and "" or "s"))
    log(status.label)
  end)
end

local cancel_button = dt.new_widget("button") {
  label = "cancel",
  tooltip = "stop what the host is doing (the Look on show stays)",
  clicked_callback = function()
    if not session or not session:cancel() then say("nothing to cancel") end
  end,
}

-- Top to bottom: source, the Look's name, strength, the buttons with the status right below
-- them, then the slider pages (long pages at the bottom, so nothing a user needs to see after a
-- click is scrolled away). Stacks take the height of the page on show, not of the tallest.
source_stack.v_size_fixed = false
group_pages.v_size_fixed = false
local panel = dt.new_widget("box") {
  orientation = "vertical",
  reset_callback = function() reset_sliders() end,
  dt.new_widget("section_label") { label = "source" },
  source_kind,
  source_note,
  source_stack,
  dt.new_widget("section_label") { label = "look" },
  summary,
  strength_box,
  dt.new_widget("box") {
    orientation = "horizontal",
    dt.new_widget("button") { label = "apply to image(s)", clicked_callback = apply_style,
      tooltip = "lighttable: put the look on the selected images; darkroom: the image already follows the sliders" },
    dt.new_widget("button") { label = "neutral", clicked_callback = reset_sliders,
      tooltip = "every slider to its neutral value (same as the module's reset)" },
    cancel_button,
  },
  status,
  dt.new_widget("section_label") { label = "sliders" },
  group_choice,
  group_pages,
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
    on_status = function(text)
      status.label = text
      if not text:match("%d%%$") then log("status: " .. text) end -- darktable -d lua shows it
    end,
    on_look = on_look,
    on_baked = update_darkroom_live,
    defer_import = function() return live and in_darkroom() end,
    on_styled = function(s)
      styled_at = Session.now_ms()
      status.label = (s.style_pending and "look updated: " or "style ready: ") .. s:style_name()
      log((s.style_pending and "style written: " or "style imported: ") .. s:style_name() .. " -> " .. tostring(s.last_lut))
      update_darkroom_style(s)
    end,
  }
  ui.session = session
end

-- ---- the background job: slider moves in, host answers out -----------------------------------
-- Without the GTK hooks (never seen in darktable 4.2, kept for safety) the job falls back to
-- reading the sliders, which is slower and can race darktable's quit.
-- The job sleeps in lutbridge.so's wait, which lets go of darktable's Lua lock and returns at once
-- when a slider moves or the host answers; the timeout only paces what has no event (a connection
-- being made, a reconnect delay, the deferred style import, darktable's quit). Polling instead (no
-- wait: never seen in darktable 4.2) every 40/15 ms: faster polling, 10/5 ms, slowed darktable's own
-- pixelpipe after a move (each wake-up takes darktable's Lua lock; 387 ms instead of 261).
local WATCH_IDLE_MS, WATCH_BUSY_MS, WAIT_IDLE_MS = 40, 15, 100
local can_wait = hooks and lb.wait ~= nil
local function nap()
  local busy = session and session:busy()
  if can_wait then
    local timers = session and (session.connector or session.reconnect_at or #session.queued > 0)
    local fd = session and session.client and next(session.waiting) and session.client:fd() or -1
    if lb.wait(timers and WATCH_BUSY_MS or WAIT_IDLE_MS, fd) ~= nil then return end
    can_wait = false
    log("lutbridge.so cannot wait for events here: polling every " .. WATCH_IDLE_MS .. "/" .. WATCH_BUSY_MS .. " ms")
  end
  dt.control.sleep(busy and WATCH_BUSY_MS or WATCH_IDLE_MS)
end
local function take_moves()
  if hooks then
    local moved = lb.slider_changes()
    if loading or not session.look then return end
    for slot, value in pairs(moved) do
      local p = slot_param[slot]
      if p and session:steps_for(p, value) ~= session:steps(p.name) then
        log(string.format("moved %s to %g", p.name, value))
        session:set(p.name, value)
      end
    end
  elseif session.look and not loading then
    for _, p in ipairs(session.params) do
      if dt.control.ending then return end
      local w = sliders[p.name]
      local v = w and w.value
      if v and session:steps_for(p, v) ~= session:steps(p.name) then session:set(p.name, v) end
    end
  end
end

local function watch()
  if session then
    session:methods(function(set)
      offered = set
      show_source(source_kind.selected or 1)
    end)
  end
  while not dt.control.ending do
    if session then
      take_moves()
      session:pump(0)
      if session.style_pending and not session:busy() and not session.baking and not session.dirty
          and Session.now_ms() - styled_at > STYLE_IMPORT_IDLE_MS then
        session:import_style()
        log("style imported: " .. session:style_name())
      end
    end
    nap()
  end
end

-- register_lib re-enters the current view. Re-entering darkroom when darktable was started on
-- a photo (what "open with darktable" does) crashes darktable 4.2 (SIGSEGV in
-- dt_dev_load_image: no image is "acted on" then; issue 19). So when started in darkroom the
-- panel waits for the photo, steps to lighttable, registers there and opens the same photo
-- in darkroom again (selected, so darkroom knows which one).
local function register()
  dt.register_lib("lutbridge", "LutBridge", true, true, {
    [dt.gui.views.lighttable] = { "DT_UI_CONTAINER_PANEL_RIGHT_CENTER", 100 },
    [dt.gui.views.darkroom] = { "DT_UI_CONTAINER_PANEL_LEFT_CENTER", 100 },
  }, panel, nil, nil)
  log(string.format("panel registered (module %s, %d sliders, GTK hooks %s)", ok_lb and "loaded" or "MISSING",
    #(ok_cfg and config.parameters or {}), hooks and "on" or "off"))
end

local function wait_until(cond, ms)
  for _ = 1, ms // 50 do
    if dt.control.ending then return false end
    if cond() then return true end
    dt.control.sleep(50)
  end
  return false
end

if #source_labels > 0 then source_kind.selected = 1 end
show_source(1)
if in_darkroom() then
  dt.control.dispatch(function()
    if not wait_until(function() return dt.gui.views.darkroom.display_image() ~= nil end, 60000) then return end
    local image = dt.gui.views.darkroom.display_image()
    dt.gui.current_view(dt.gui.views.lighttable)
    if not wait_until(function() return dt.gui.current_view() == dt.gui.views.lighttable end, 10000) then return end
    register()
    dt.gui.selection({ image })
    dt.gui.current_view(dt.gui.views.darkroom)
    log("back in darkroom on " .. tostring(image.filename))
  end)
else
  register()
end
if session then
  session.collect = take_moves
  dt.control.dispatch(watch)
end

-- Other scripts (and the tests) can drive the panel: require "lutbridge.panel".open(path),
-- .apply({image, ...}), .reset(), .session, .sliders.
return { open = ui.open, apply = apply_style, reset = reset_sliders, session = session, sliders = sliders,
  pages = group_choice, sources = source_kind, status = status, cancel = cancel_button, source_list = sources, source_note = source_note,
  live_updates = function() return live_updates end, update_times = function() return update_times end,
  live = function() return live end }
