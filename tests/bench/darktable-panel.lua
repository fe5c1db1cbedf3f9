--[[
Plain lua5.4: drives the darktable panel's session (lutbridge.so + lutbridge_session.lua from
the build tree) exactly as panel.lua does, with pump(0) every 15 ms like its background job,
and prints the responsiveness numbers of issue 5. Environment: LB_REPO, LB_CONFIG, LB_SOCKET,
LB_FOREIGN (a 33³ .cube that is not LutBridge's), LB_MODE (cold|warm), LB_ROUNDS.
]]
local repo = assert(os.getenv("LB_REPO"))
package.cpath = repo .. "/build/plugin-c/lua/?.so;" .. package.cpath
package.path = repo .. "/plugin-c/lua/?.lua;" .. package.path
local socket = require "socket"
local S = require "lutbridge_session"
local lb = require "lutbridge"
local config = dofile(assert(os.getenv("LB_CONFIG")))
local mode, rounds = os.getenv("LB_MODE") or "warm", tonumber(os.getenv("LB_ROUNDS") or "10")
local now = function() return socket.gettime() * 1000 end

local session = S.new { lb = lb, config = config, socket = assert(os.getenv("LB_SOCKET")) }
local function run_until(flag)
  while not flag() do session:pump(0); socket.sleep(0.015) end
end
local function median(t) table.sort(t); return t[(#t + 1) // 2] end

-- 1. A foreign 33³ .cube chosen -> sliders (host decompose); cold mode includes starting the host.
local t0, done, ok_decompose, err = now(), false, false, nil
session:choose(assert(os.getenv("LB_FOREIGN")), function(ok, e) done, ok_decompose, err = true, ok, e end)
run_until(function() return done end)
local chosen_ms = now() - t0
if ok_decompose then
  print(string.format("%s: .cube chosen -> sliders shown: %.0f ms (target %s)", mode, chosen_ms, mode == "cold" and "<= 3000" or "<= 1500"))
else
  print(string.format("%s: .cube chosen -> sliders: not available (%s) after %.0f ms", mode, tostring(err), chosen_ms))
  session:load_look(dofile(repo .. "/tests/e2e/darktable/neutral_look.lua"), "/bench/bench.cube")
end
if mode == "cold" then return end

-- 2. A LutBridge .cube reopened -> sliders (no host call).
done = false
session:bake(function() done = true end)
run_until(function() return done end)
local reopen = {}
for _ = 1, rounds do
  local t = now()
  session:choose(session.last_lut)
  reopen[#reopen + 1] = now() - t
end
print(string.format("%s: LutBridge .cube reopened -> sliders shown: median %.1f ms", mode, median(reopen)))

-- 3. One slider change -> LUT baked (33³), written with its Look, .dtstyle written.
local change = {}
for i = 1, rounds do
  local t = now()
  done = false
  session:set("exposure", 0.01 * i, function(ok, e) assert(ok, e); done = true end)
  run_until(function() return done end)
  change[#change + 1] = now() - t
end
print(string.format("%s: slider change -> LUT baked, written, style written: median %.0f ms, max %.0f ms (target <= 300; "
  .. "darktable's style re-import not included under plain lua)", mode, median(change), math.max(table.unpack(change))))
print(string.format("%s: longest non-blocking pump step (GUI-thread share): %.2f ms (target <= 50)", mode, session.longest_step_ms))
