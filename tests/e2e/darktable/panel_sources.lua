--[[
Plain lua5.4: the darktable panel's source modules (source_words, source_pair, source_reference)
driven as a click would drive them, through the panel's real session and a real host running
the landed engines (look.prompt, look.distil, look.match). The modules get a stand-in for
darktable's widget constructors that records each widget, so a test sets a chooser's value
and calls the button's clicked_callback. Checks the Look each source gives against what its
input says: words "warmer" and a pair graded warmer both come back warm; a reference match
comes back with the reference's title and moved sliders; with a style library its variants are
clicked through, each a distinct Look. Environment: LB_REPO, LB_CONFIG,
LB_SOCKET, LB_BEFORE, LB_AFTER (LB_AFTER = LB_BEFORE graded by a warm Look), LB_INPUT.
]]
local repo = assert(os.getenv("LB_REPO"))
package.cpath = repo .. "/build/plugin-c/lua/?.so;" .. package.cpath
package.path = repo .. "/plugin-c/lua/?.lua;" .. package.path
local socket = require "socket"
local S = require "lutbridge_session"
local session = S.new { lb = require "lutbridge", config = dofile(assert(os.getenv("LB_CONFIG"))), socket = assert(os.getenv("LB_SOCKET")) }

-- darktable's new_widget("kind") { props } as plain tables; buttons are found by label.
local widgets = {}
local dt = {
  new_widget = function(kind)
    return function(props)
      props.kind = kind
      widgets[#widgets + 1] = props
      return props
    end
  end,
}
local said = {}
local ui = {
  dt = dt,
  say = function(text) said[#said + 1] = text end,
  current_image_path = function() return os.getenv("LB_INPUT") end,
  run = function(method, args, title, on_result)
    local finished
    session:produce(method, args, title, function(ok, err, _, result) finished = { ok = ok, err = err, result = result } end)
    local t0 = socket.gettime()
    while not finished and socket.gettime() - t0 < 180 do session:pump(20) end
    assert(finished, title .. ": no answer in 180 s")
    assert(finished.ok, title .. " failed: " .. tostring(finished.err) .. " (status: " .. tostring(session.status) .. ")")
    if on_result then on_result(finished.result) end
  end,
  show_look = function(look, title) session:load_look(look, S.source_name(title)) end,
}

local function build(name)
  widgets = {}
  require(name).build(ui)
  local found = { choosers = {}, buttons = {} }
  for _, w in ipairs(widgets) do
    if w.kind == "file_chooser_button" then found.choosers[#found.choosers + 1] = w end
    if w.kind == "entry" then found.entry = w end
    if w.kind == "button" then found.buttons[#found.buttons + 1] = w end
  end
  found.button = found.buttons[1] -- the source's action: the first button it shows
  return found
end

local function click(found)
  said = {}
  found.button.clicked_callback(found.button)
end

-- words
local words = build("source_words")
click(words)
assert(said[1] and said[1]:match("type a few words"), "empty words were not refused")
words.entry.text = "warmer"
click(words)
assert(session:value("temperature") > 0.01, "words 'warmer': temperature " .. session:value("temperature"))
print(string.format("words 'warmer': temperature %.3f (status: %s)", session:value("temperature"), session.status))

-- before/after pair
local pair = build("source_pair")
click(pair)
assert(said[1] and said[1]:match("choose both"), "a missing photo was not refused")
pair.choosers[1].value = assert(os.getenv("LB_BEFORE"))
pair.choosers[2].value = assert(os.getenv("LB_AFTER"))
click(pair)
assert(session:value("temperature") > 0.05, "pair graded warmer: temperature " .. session:value("temperature"))
assert(session:title() == "pair_after", "pair title: " .. session:title())
print(string.format("pair: temperature %.3f, title %s (status: %s)", session:value("temperature"), session:title(), session.status))

-- reference photo, matched onto the "current image"
local reference = build("source_reference")
click(reference)
assert(said[1] and said[1]:match("choose a reference"), "a missing reference was not refused")
reference.choosers[1].value = assert(os.getenv("LB_AFTER"))
click(reference)
local moved = 0
for _, p in ipairs(session.params) do
  if session:steps(p.name) ~= 0 then moved = moved + 1 end
end
assert(moved > 0, "match moved no slider")
assert(session:title() == "match_after", "match title: " .. session:title())
print(string.format("reference: %d sliders moved, temperature %.3f, title %s", moved, session:value("temperature"), session:title()))

-- with a style library: the host's style set, clicked through with the source's second button
local cycle = reference.buttons[2]
said = {}
cycle.clicked_callback(cycle)
assert(said[1] and said[1]:match("choose a style library"), "variants without a library were not refused")
reference.choosers[2].value = assert(os.getenv("LB_LIBRARY"))
click(reference)
local count = tonumber(cycle.label:match("variants: (%d+) to click through"))
assert(count and count >= 2, "no variants offered: " .. cycle.label)
local seen = {}
for i = 1, count do
  cycle.clicked_callback(cycle)
  assert(cycle.label:match("^variant " .. i .. "/" .. count .. ": "), "variant label: " .. cycle.label)
  assert(session:title():match("^match_"), "variant title: " .. session:title())
  local key = {}
  for _, p in ipairs(session.params) do key[#key + 1] = session:steps(p.name) end
  seen[table.concat(key, ",")] = true
  print(string.format("variant %d/%d: %s (title %s, temperature %.3f)", i, count, cycle.label, session:title(), session:value("temperature")))
end
local distinct = 0
for _ in pairs(seen) do distinct = distinct + 1 end
assert(distinct == count, string.format("%d variants but %d distinct Looks", count, distinct))
print("PASS")
