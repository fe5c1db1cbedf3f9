--[[
The GUI end-to-end test's hand inside darktable (tests/e2e/darktable-gui-panel.sh): loaded from
the test's luarc after the panel, runs one scenario as a background job and logs
"[e2e] ..." lines that the shell script checks. Where a user would use the mouse or keyboard
the driver asks the shell script for real X events (xdotool): it writes $T/req/N holding
"click X Y", "doubleclick X Y", "shot NAME", "killhost" or "quit" and waits for $T/req/N.done.

Globals set by the luarc before loading: E2E = {dir = $T, scenario = "lighttable"|"darkroom",
seed = LutBridge .cube, foreign = a .cube to decompose, photo = a PNG, reference = a graded PNG,
reference_black and reference_temperature = what `lutbridge match` gives for it, reference_dr_* =
what it gives adapted to the darkroom photo}.
]]
local dt = require "darktable"
local panel = require "lutbridge.panel"
local lb = require "lutbridge"
local S = panel.session
local E = assert(E2E, "E2E settings missing")

local function say(fmt, ...) dt.print_log("[e2e] " .. string.format(fmt, ...)) end
local function sleep(ms) dt.control.sleep(ms) end
local function wait_for(what, cond, ms)
  local t = 0
  while not cond() do
    if dt.control.ending then error("darktable quit while waiting for " .. what) end
    if t >= (ms or 60000) then error("timed out waiting for " .. what) end
    sleep(25); t = t + 25
  end
  return t
end

local function check(cond, fmt, ...)
  if not cond then error(string.format(fmt, ...)) end
end

local request_no = 0
local function ask(line)
  request_no = request_no + 1
  local path = string.format("%s/req/%03d", E.dir, request_no)
  local f = assert(io.open(path .. ".tmp", "w")); f:write(line, "\n"); f:close()
  os.rename(path .. ".tmp", path)
  if line == "quit" then return end -- darktable is gone before it could see the answer
  wait_for("the test script to do: " .. line, function()
    local d = io.open(path .. ".done"); if d then d:close(); return true end
  end, 30000)
end

-- A widget's centre on screen (x, y) and its rectangle, measured on GTK's main thread.
local function place(widget)
  local x, y, w, h
  wait_for("a widget's place on screen", function() x, y, w, h = lb.place(widget); return x ~= nil end, 10000)
  check(x >= 0 and y >= 0 and x + w <= 1680 and y + h <= 1050, "widget off screen at %d,%d %dx%d", x, y, w, h)
  return x, y, w, h
end

-- Waits until every change has been baked and styled; returns the Look of the last bake.
local function settled()
  local done = false
  S:when_settled(function() done = true end)
  wait_for("the bake to settle", function() return done end)
  local f = assert(io.open(S.last_lut)); local text = f:read("a"); f:close()
  local probe = (require "lutbridge_session").new { lb = lb, config = S.config }
  probe:load_look(assert(lb.look_from_cube_text(text), "no Look in the baked LUT"), S.last_lut)
  return probe
end

-- n rapid trials: a slider on one page, at once a page switch and a slider there; after the
-- bake settles the baked Look must hold both new values. Returns how many trials lost one.
local function change_and_switch(n)
  local lost = 0
  for trial = 1, n do
    local v, c = 0.05 * (trial % 10 + 1), -0.01 * (trial % 7 + 1)
    panel.pages.selected = 1
    panel.sliders.contrast.value = v            -- on the essentials page
    panel.pages.selected = 2                    -- at once: another page
    panel.sliders.curve3.value = c              -- a slider on that (now visible) page
    panel.pages.selected = 1
    local look = settled()
    if math.abs(look:value("contrast") - v) > 1e-3 or math.abs(look:value("curve3") - c) > 1e-3 then
      lost = lost + 1
      say("trial %d lost: baked contrast %.4f curve3 %.4f, expected %.4f %.4f", trial, look:value("contrast"), look:value("curve3"), v, c)
    end
  end
  return lost
end

local function open_seed()
  check(panel.open(E.seed), "panel.open refused the seed")
  wait_for("the seed's Look", function() return S.look ~= nil and S.last_style ~= nil end)
  local look = settled()
  say("opened seed: exposure %.3f", look:value("exposure"))
end

-- The panel's "reference photo" source as a user works it: the source picked, E.reference chosen
-- in its file chooser, the button clicked with the mouse. The Look must be the one `lutbridge
-- match` gave for the same reference (and input) before darktable started: black and temperature.
local function match_reference(where, black, temperature)
  local index
  for i, src in ipairs(panel.source_list) do if src.mod.method == "look.match" then index = i end end
  check(index, "the panel has no reference photo source")
  panel.sources.selected = index
  sleep(300)
  local box = panel.source_list[index].widget
  box[1].value = E.reference -- the photo; box[3] (a style library) stays empty; box[4]: match
  local x, y, w, h = place(box[4])
  ask(string.format("click %d %d", x + w // 2, y + h // 2))
  wait_for("the Look from the reference photo", function() return S:title():match("^match") ~= nil end)
  local look = settled()
  check(math.abs(look:value("black") - black) < 2e-3 and math.abs(look:value("temperature") - temperature) < 2e-3,
    "%s reference photo: black %.4f, temperature %.4f; lutbridge match gave %.4f, %.4f", where, look:value("black"),
    look:value("temperature"), black, temperature)
  say("%s reference photo: Look '%s', black %.3f, temperature %.3f (as lutbridge match)", where, S:title(), look:value("black"), look:value("temperature"))
  return look
end

-- ---- lighttable: lost changes, real-mouse reset, cancel, a killed host, apply to a photo -----
local function lighttable()
  open_seed()
  ask("shot lighttable-opened")

  -- 0. Each source is enabled exactly when the host serves its method (asked with `version`).
  local served
  S:methods(function(set) served = set end)
  wait_for("the host's methods", function() return served ~= nil end)
  for i, src in ipairs(panel.source_list) do
    panel.sources.selected = i
    sleep(100)
    local on = src.widget.sensitive
    check(on == (served[src.mod.method] == true), "source %s: enabled %s, host serves %s: %s", src.mod.label,
      tostring(on), src.mod.method, tostring(served[src.mod.method]))
    say("source %s (%s): %s — %s", src.mod.label, src.mod.method, on and "enabled" or "disabled", panel.source_note.label)
  end
  panel.sources.selected = 1

  -- 1. Change a slider and switch the page at once, five times, then check the baked Look.
  local lost = change_and_switch(5)
  check(lost == 0, "%d of 5 changes lost", lost)
  say("lost changes: 0 of 5 (contrast on one page, a page switch, curve3 on another)")

  -- 2. The real mouse: a click on the saturation slider's right part, then straight to page 3.
  panel.pages.selected = 1
  sleep(300)
  local x, y, w, h = place(panel.sliders.saturation)
  ask(string.format("click %d %d", x + math.floor(w * 0.8), y + math.floor(h * 0.7)))
  panel.pages.selected = 3
  local look = settled()
  local shown = panel.sliders.saturation.value
  check(math.abs(shown) > 0.05, "the click did not move saturation (%.3f)", shown)
  check(math.abs(look:value("saturation") - shown) < 2e-3, "click: slider shows %.4f, baked %.4f", shown, look:value("saturation"))
  say("mouse click: saturation %.3f on screen and in the baked Look", shown)

  -- 3. Reset: a real double-click on strength sets it to 1 (neutral), the header reset zeroes all.
  panel.sliders.strength.value = 0.4
  check(math.abs(settled():value("strength") - 0.4) < 1e-3, "strength 0.4 not baked")
  x, y, w, h = place(panel.sliders.strength)
  ask(string.format("doubleclick %d %d", x + math.floor(w * 0.3), y + math.floor(h * 0.7)))
  ask("shot doubleclick")
  say("double-click at %d,%d (%dx%d): slider shows %.3f", x + math.floor(w * 0.3), y + math.floor(h * 0.7), w, h, panel.sliders.strength.value)
  wait_for("strength back to 1", function() return math.abs(S:value("strength") - 1) < 1e-6 end, 5000)
  look = settled()
  check(math.abs(look:value("strength") - 1) < 1e-6, "double-click: baked strength %.4f", look:value("strength"))
  say("double-click reset: strength %.3f", look:value("strength"))
  dt.gui.libs.lutbridge:reset() -- what the header's reset icon calls
  local function all_neutral(values) for _, v in pairs(values) do if v ~= 0 then return false end end return true end
  wait_for("every slider neutral", function() return all_neutral(S.values) end, 5000)
  look = settled()
  check(all_neutral(look.values), "header reset left non-neutral sliders in the baked Look")
  say("header reset: all %d sliders neutral", #S.params)
  ask("shot lighttable-reset")

  -- 4. Cancel a decompose: the old Look stays, the status says cancelled.
  local title = S:title()
  panel.open(E.foreign)
  sleep(150)
  x, y, w, h = place(panel.cancel)
  ask(string.format("click %d %d", x + w // 2, y + h // 2))
  wait_for("the cancel", function() return not S:busy() end)
  check(S:title() == title, "cancel: the Look is now %s, expected %s", S:title(), title)
  check(tostring(panel.status.label):match("^cancelled"), "cancel: status says '%s'", tostring(panel.status.label))
  say("cancel: status '%s'", panel.status.label)

  -- 4b. A photo chosen as the LUT: the whole error in the (wrapped) status, the Look stays.
  panel.open(E.photo)
  wait_for("the refusal", function() return not S:busy() and tostring(panel.status.label):match("^cannot open") end)
  local text = tostring(panel.status.label)
  check(S:title() == title and text:find(E.photo, 1, true) and text:match("still showing"), "bad LUT: status '%s'", text)
  say("photo as LUT: status '%s'", text)
  ask("shot lighttable-bad-lut")

  -- 5. The host dies (kill -9): the next move starts a new one and goes through.
  ask("killhost")
  panel.sliders.exposure.value = 0.123
  wait_for("a bake after the host died", function() return (S.restarts or 0) >= 1 and not S:busy() end, 30000)
  look = settled()
  check(math.abs(look:value("exposure") - 0.123) < 1e-3, "after restart: exposure %.4f", look:value("exposure"))
  say("host killed: restarted %d time(s), exposure %.3f baked", S.restarts, look:value("exposure"))

  -- 5b. Words, when the host serves look.prompt: typed in the entry, the button clicked.
  if served["look.prompt"] then
    local index
    for i, src in ipairs(panel.source_list) do if src.mod.method == "look.prompt" then index = i end end
    panel.sources.selected = index
    sleep(300)
    local box = panel.source_list[index].widget
    box[1].text = "warm faded film"
    x, y, w, h = place(box[2])
    ask(string.format("click %d %d", x + w // 2, y + h // 2))
    wait_for("the Look from words", function() return S:title():match("^words") ~= nil end)
    look = settled()
    check(look:value("temperature") > 0 and look:value("black") > 0,
      "words 'warm faded film': temperature %.3f, black %.3f (expected warmer and a raised black)", look:value("temperature"), look:value("black"))
    say("words: Look '%s', temperature %.3f, black %.3f", S:title(), look:value("temperature"), look:value("black"))
    ask("shot lighttable-words")
    panel.sources.selected = 1
  end

  -- 5c. A reference photo, when the host serves look.match. No image is selected here, so the
  -- Look is the generic one `lutbridge match` gives for the same reference.
  if served["look.match"] then
    check(#dt.gui.action_images == 0, "an image is selected: the match would adapt to it")
    match_reference("lighttable", E.reference_black, E.reference_temperature)
    check(E.reference_temperature > 0.05 and E.reference_black > 0.05, "the warm, faded reference matched to temperature %.4f, black %.4f",
      E.reference_temperature, E.reference_black)
    ask("shot lighttable-reference")
    panel.sources.selected = 1
  end

  -- 6. Apply to a photo imported into this darktable (its XMP is checked after quit).
  local image = dt.database.import(E.photo)
  check(image ~= nil, "import failed")
  panel.apply({ image })
  wait_for("the apply", function() return tostring(panel.status.label):match("^applied") end)
  say("applied: %s (%s)", panel.status.label, S.last_lut)
  ask("shot lighttable-applied")
end

local function wait_darkroom_panel()
  wait_for("the darkroom image", function() return dt.gui.views.darkroom.display_image() ~= nil end)
  wait_for("the panel", function()
    local ok, lib = pcall(function() return dt.gui.libs.lutbridge end)
    return ok and lib ~= nil and dt.gui.current_view() == dt.gui.views.darkroom and dt.gui.views.darkroom.display_image() ~= nil
  end)
  sleep(1000)
end

-- ---- darkroom (darktable started on the photo): live preview, one history item ---------------
local function darkroom()
  wait_darkroom_panel()
  say("darkroom shows %s", dt.gui.views.darkroom.display_image().filename)
  ask("shot darkroom-start")
  open_seed()
  -- The reference photo's Look, adapted to the image shown (`match --in` it), updates the image live.
  match_reference("darkroom", E.reference_dr_black, E.reference_dr_temperature)
  sleep(1500)
  ask("shot darkroom-reference")
  panel.sources.selected = 1
  sleep(1000)
  local x0, y0, w0 = place(panel.sliders.shadows)
  local values = { 0.2, -0.1, 0.35 }
  for i, v in ipairs(values) do
    panel.sliders.contrast.value = v
    settled()
    sleep(400)
  end
  -- Nothing jumps: after three live updates (status text, history, reprocess) the panel has
  -- neither scrolled nor changed width.
  sleep(1000)
  local x1, y1, w1 = place(panel.sliders.shadows)
  check(x1 == x0 and y1 == y0 and w1 == w0, "the panel moved: shadows slider at %d,%d w %d, was %d,%d w %d", x1, y1, w1, x0, y0, w0)
  say("panel steady: shadows slider at %d,%d width %d before and after the updates", x1, y1, w1)
  -- and once with the mouse (shadows: on screen below darkroom's other modules)
  local x, y, w, h = place(panel.sliders.shadows)
  ask(string.format("click %d %d", x + math.floor(w * 0.75), y + math.floor(h * 0.7)))
  local look = settled()
  sleep(1500)
  check(math.abs(look:value("shadows")) > 0.05, "the click did not move shadows")
  -- The image followed through darktable's preset path (module parameters + history item), not
  -- through a style application, which reloads the whole image (tests/bench/darktable-panel.sh).
  check(panel.live(), "the darkroom image did not follow through the live lut3d path")
  local state = lb.live_state()
  check(state.failed == 0 and state.done == state.asked and state.asked >= 5,
    "live lut3d updates: %d asked, %d done, %d failed (%s)", state.asked, state.done, state.failed, state.error)
  say("live lut3d updates: %d, none failed", state.done)
  say("darkroom last: contrast %.4f shadows %.4f lut %s", look:value("contrast"), look:value("shadows"), S.last_lut)
  ask("shot darkroom-live")
end

-- ---- bench (tests/bench/darktable-panel.sh): darkroom latency and rapid change-and-switch ---
local function bench()
  wait_darkroom_panel()
  open_seed()
  local socket = require "socket"
  local processed, processed_at = 0, 0
  dt.register_event("lutbridge-bench", "pixelpipe-processing-complete", function()
    processed = processed + 1; processed_at = socket.gettime() * 1000
  end)
  local times, parts = {}, { baked = {}, applied = {}, compressed = {}, drawn = {} }
  local function median(t) table.sort(t); return t[(#t + 1) // 2] end
  for i = 1, E.rounds do
    sleep(800) -- the previous update fully drawn
    local updates = panel.live_updates()
    local t0 = socket.gettime() * 1000
    panel.sliders.exposure.value = 0.3 + 0.01 * (i % 2 == 0 and i or -i) -- a settled move
    wait_for("the darkroom update", function() return panel.live_updates() > updates end)
    local seen = processed
    wait_for("the centre image", function() return processed > seen end)
    times[#times + 1] = processed_at - t0
    -- Where the time went: host bake + style import, darktable's style action, its history
    -- compression, then its pixelpipe.
    local u = panel.update_times()
    parts.baked[#parts.baked + 1] = u.started - t0
    parts.applied[#parts.applied + 1] = u.applied - u.started
    parts.compressed[#parts.compressed + 1] = u.compressed - u.applied
    parts.drawn[#parts.drawn + 1] = processed_at - u.compressed
  end
  table.sort(times)
  say("BENCH darkroom slider settled -> centre image updated: median %.0f ms, min %.0f, max %.0f over %d moves (target <= 300)",
    times[(#times + 1) // 2], times[1], times[#times], #times)
  if panel.live() then
    say("BENCH   of which (medians): slider -> LUT baked %.0f ms, live lut3d update queued %.0f ms, then darktable's preset apply + pixelpipe %.0f ms",
      median(parts.baked), median(parts.applied) + median(parts.compressed), median(parts.drawn))
  else
    say("BENCH   of which (medians): slider -> style baked and imported %.0f ms, style applied %.0f ms, history compressed %.0f ms, pixelpipe done %.0f ms",
      median(parts.baked), median(parts.applied), median(parts.compressed), median(parts.drawn))
  end
  -- The peer: darktable's own exposure slider, set by its action, to the centre image redrawn.
  local own = {}
  for i = 1, E.rounds do
    sleep(800)
    local seen = processed
    local t0 = socket.gettime() * 1000
    local ok = pcall(dt.gui.action, "iop/exposure/exposure", 0, "value", "set", 0.2 + 0.01 * i)
    if not ok then break end
    local waited = 0
    while processed == seen and waited < 10000 do sleep(5); waited = waited + 5 end
    if processed == seen then break end
    own[#own + 1] = processed_at - t0
  end
  if #own > 0 then
    local ours = times[(#times + 1) // 2]
    local peer = median(own)
    say("BENCH darktable's own exposure slider -> centre image updated: median %.0f ms over %d moves; panel / darktable = %.2f",
      peer, #own, ours / peer)
  else
    say("BENCH darktable's own exposure slider could not be timed (its action did not redraw the image)")
  end
  local lost = change_and_switch(E.trials)
  say("BENCH rapid change-and-switch: %d of %d changes lost (target 0)", lost, E.trials)
end

dt.control.dispatch(function()
  local run = ({ darkroom = darkroom, lighttable = lighttable, bench = bench })[E.scenario]
  local ok, err = pcall(run)
  if ok then say("scenario %s: PASS", E.scenario) else say("scenario %s: FAIL %s", E.scenario, tostring(err)) end
  ask("quit")
end)
