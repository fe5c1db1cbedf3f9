--[[
Plain lua5.4: the panel's session (build tree) asks a running host to bake a Look into a
LutBridge .cube (the Look rides in its comment), as the panel would; prints the .cube's path.
Environment: LB_REPO (repository root), LB_CONFIG (config.lua of an install), LB_SOCKET.
]]
local repo = assert(os.getenv("LB_REPO"), "LB_REPO unset")
package.cpath = repo .. "/build/plugin-c/lua/?.so;" .. package.cpath
package.path = repo .. "/plugin-c/lua/?.lua;" .. package.path
local S = require "lutbridge_session"
local session = S.new { lb = require "lutbridge", config = dofile(assert(os.getenv("LB_CONFIG"))), socket = assert(os.getenv("LB_SOCKET")) }
session:load_look(dofile(repo .. "/tests/e2e/darktable/neutral_look.lua"), "/e2e/seed.cube")
local failure
for name, value in pairs { exposure = 0.3, temperature = 0.4, saturation = 0.2, split_shadow_hue = 220, split_shadow_amount = 0.3 } do
  session:set(name, value, function(ok, err) if not ok then failure = err end end)
end
while session:pump(20) do end
assert(not failure, "bake failed: " .. tostring(failure))
print((assert(session.last_lut, "no LUT was baked")))
