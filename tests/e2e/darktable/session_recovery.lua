--[[
Plain lua5.4: the panel's session survives its host being killed (issue 19 item 12), on both
paths a dead host shows up: a call in flight (the client fails it: client_closed/client_io)
and a call sent after the death (the write fails). Each is retried once on a new host the
client starts on demand. Environment: LB_REPO, LB_CONFIG, LB_SOCKET (a host started by the
test with --test-methods; LUTBRIDGE_TEST_METHODS=1 so the restarted one has test.wait too).
]]
local repo = assert(os.getenv("LB_REPO"))
package.cpath = repo .. "/build/plugin-c/lua/?.so;" .. package.cpath
package.path = repo .. "/plugin-c/lua/?.lua;" .. package.path
local socket = require "socket"
local S = require "lutbridge_session"
local sock = assert(os.getenv("LB_SOCKET"))
local session = S.new { lb = require "lutbridge", config = dofile(assert(os.getenv("LB_CONFIG"))), socket = sock }

local function host_pid()
  local got
  session:request("version", { n = 0 }, function(r) got = r and r.pid or false end)
  while got == nil do session:pump(20) end
  return assert(got, "version failed")
end
local function run(method, args)
  local result, err
  session:request(method, args, function(r, e) result, err = r, e or false end)
  local t0 = socket.gettime()
  while result == nil and err == nil and socket.gettime() - t0 < 60 do session:pump(20) end
  return result, err
end

-- 1. Killed during a call.
local first = host_pid()
local result, err
session:request("test.wait", { n = 1, 1500 }, function(r, e) result, err = r, e end)
local t0 = socket.gettime()
while socket.gettime() - t0 < 0.4 do session:pump(20) end
os.execute("kill -9 " .. first)
while result == nil and err == nil and socket.gettime() - t0 < 60 do session:pump(20) end
assert(result and result.waited_ms >= 1500, "call in flight: not retried (" .. tostring(err) .. ")")
local second = host_pid()
assert(second ~= first, "no new host")
print(string.format("killed during a call: retried on a new host (pid %d -> %d), restarts %d", first, second, session.restarts))

-- 2. Killed while idle: the next call's write fails.
os.execute("kill -9 " .. second)
socket.sleep(0.3)
result, err = run("test.wait", { n = 1, 100 })
assert(result and result.waited_ms >= 100, "call after the death: " .. tostring(err))
local third = host_pid()
assert(third ~= second and session.restarts == 2, "no second restart")
print(string.format("killed while idle: next call went to a new host (pid %d), restarts %d", third, session.restarts))

-- 3. A host that cannot start: one clear failure, not a hang.
os.execute("kill -9 " .. third)
session.config = setmetatable({ host_cmd = "/nonexistent/lutbridge" }, { __index = session.config })
result, err = run("ping", { n = 0 })
assert(result == nil and err and tostring(err):match("nonexistent"), "unreachable host: " .. tostring(result) .. " " .. tostring(err))
print("host cannot start: " .. tostring(err))
print("PASS")
