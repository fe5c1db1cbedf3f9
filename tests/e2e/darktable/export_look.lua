--[[
Runs inside darktable-cli (--luacmd): the panel's session, loaded from the build tree, asks a
running LutBridge host to bake a Look, writes the lut3d style and imports it into darktable;
darktable-cli then exports the image with --style. Environment:
  LB_REPO      repository root (build/plugin-c/lua/lutbridge.so, plugin-c/lua/*.lua)
  LB_CONFIG    config.lua written by `lutbridge install darktable`
  LB_SOCKET    the host's socket
  LB_RESULT    file that receives the baked LUT's path
]]
local dt = require "darktable"
local repo = assert(os.getenv("LB_REPO"), "LB_REPO unset")
package.cpath = repo .. "/build/plugin-c/lua/?.so;" .. package.cpath
package.path = repo .. "/plugin-c/lua/?.lua;" .. package.path
local lb = require "lutbridge"
local S = require "lutbridge_session"

local session = S.new {
  lb = lb,
  config = dofile(assert(os.getenv("LB_CONFIG"))),
  socket = assert(os.getenv("LB_SOCKET")),
  -- No style store while baking: darktable-cli (no GUI) crashes deleting a style
  -- (dt_styles_delete_by_name_adv -> dt_action_rename), so the final style is imported once below.
  styles = nil,
}
session:load_look(dofile(repo .. "/tests/e2e/darktable/neutral_look.lua"), "/e2e/e2e-look.cube")
-- A warm, contrasty look with split toning: several parameters, so the LUT is far from identity.
local settings = { exposure = 0.25, contrast = 0.2, temperature = 0.5, saturation = 0.25,
                   split_shadow_hue = 250, split_shadow_amount = 0.4 }
local failure
for name, value in pairs(settings) do
  session:set(name, value, function(ok, err) if not ok then failure = err end end)
end
while session:pump(20) do end
assert(not failure, "bake failed: " .. tostring(failure))
assert(session.last_lut, "no LUT was baked")
S.darktable_styles(dt).import(session.last_style)
local f = assert(io.open(assert(os.getenv("LB_RESULT")), "w"))
f:write(session.last_lut, "\n", session:style_name(), "\n")
f:close()
dt.print_log("[lutbridge-e2e] baked " .. session.last_lut)
