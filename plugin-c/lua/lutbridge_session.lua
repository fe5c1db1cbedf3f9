--[[
LutBridge session: everything the darktable panel does except drawing widgets, so the
panel, the end-to-end tests and the benchmark drive exactly the same code (under darktable,
darktable-cli --luacmd or plain lua5.4).

No function here blocks: requests go out with client:start and answers arrive through
session:pump(timeout_ms), which the panel calls with timeout 0 from its background loop.
A Look is the serialised bytes the host returns; slider values live in those bytes
(lutbridge.look_values / look_set), the parameter table comes from config.lua (written by
`lutbridge install darktable` from the host's own table).

  local S = require "lutbridge_session"
  local s = S.new{ lb = require "lutbridge", config = dofile(".../config.lua") }
  s:choose(path, function(ok, err) ... end)   -- .cube/.3dl/HaldCLUT; a LutBridge .cube reopens its Look
  s:set(name, value)                          -- a slider moved: rebake (coalesced) and re-style
  s:pump(0)                                   -- deliver answers; true while work is pending
]]

local M = {}
M.__index = M

M.STYLE_PREFIX = "LutBridge: "
M.LATTICE_SIZE = 33
M.RECONNECT_DELAY_MS = 300
-- Client-side error names (protocol.h) that mean the connection itself broke.
M.CONNECTION_LOST = { client_closed = true, client_io = true }
local LOOK_COMMENT = "# LUTBRIDGE-LOOK v1 "
local LOOK_HEADER_BYTES = 64 * 1024 -- a .cube's header (title, comments) is read this far

local function now_ms()
  -- os.clock is CPU time; prefer wall time when the socket library is around.
  local ok, socket = pcall(require, "socket")
  if ok and socket.gettime then
    now_ms = function() return socket.gettime() * 1000 end
  else
    now_ms = function() return os.time() * 1000 end
  end
  return now_ms()
end
M.now_ms = function() return now_ms() end

local function read_file(path)
  local f, err = io.open(path, "rb")
  if not f then return nil, err end
  local data = f:read("a")
  f:close()
  return data
end

-- Writes through a temporary file and a rename, so darktable never reads half a file.
local function write_atomic(path, data)
  local tmp = string.format("%s.%d.tmp", path, math.random(1, 1 << 30))
  local f, err = io.open(tmp, "wb")
  if not f then return nil, err end
  local ok, werr = f:write(data)
  f:close()
  if not ok then os.remove(tmp); return nil, werr end
  local renamed, rerr = os.rename(tmp, path)
  if not renamed then os.remove(tmp); return nil, rerr end
  return true
end
M.write_atomic = write_atomic

local function split_path(p)
  local parts = {}
  for part in p:gmatch("[^/]+") do
    if part == ".." and #parts > 0 and parts[#parts] ~= ".." then table.remove(parts)
    elseif part ~= "." then parts[#parts + 1] = part end
  end
  return parts
end

-- The path of `target` relative to folder `base` (both absolute), with ../ where needed:
-- lut3d joins its conf folder and this path.
function M.relative_path(base, target)
  local b, t = split_path(base), split_path(target)
  local i = 1
  while i <= #b and i <= #t and b[i] == t[i] do i = i + 1 end
  local out = {}
  for _ = i, #b do out[#out + 1] = ".." end
  for j = i, #t do out[#out + 1] = t[j] end
  return table.concat(out, "/")
end

local function xml_escape(s)
  return (s:gsub("[&<>\"]", { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;" }))
end

-- A .dtstyle with one lut3d item (module version 3, sRGB, tetrahedral), as darktable 4.2 imports it.
function M.dtstyle_xml(lb, name, description, lut_relpath)
  return table.concat({
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<darktable_style version="1.0">\n',
    '<info><name>', xml_escape(name), '</name><description>', xml_escape(description), '</description></info>\n',
    '<style>\n<plugin><num>0</num><module>', tostring(lb.LUT3D_VERSION), '</module><operation>lut3d</operation>',
    '<op_params>', lb.lut3d_params_hex(lut_relpath, 0, 0), '</op_params><enabled>1</enabled>',
    '<blendop_params></blendop_params><blendop_version>11</blendop_version>',
    '<multi_priority>0</multi_priority><multi_name></multi_name></plugin>\n</style>\n</darktable_style>\n',
  })
end

-- darktable's style store as the session uses it: import a .dtstyle, remove a style by name
-- (darktable refuses to import a style whose name exists, so a re-bake removes it first).
function M.darktable_styles(dt)
  local function find(name)
    for i = 1, #dt.styles do
      local s = dt.styles[i]
      if s and s.name == name then return s end
    end
    return nil
  end
  return {
    find = find,
    import = function(path) dt.styles.import(path) end,
    remove = function(name)
      local s = find(name)
      if s then dt.styles.delete(s) end
    end,
  }
end

-- opts: lb (the C module), config (host_cmd, lut_dir, lut_root, parameters), socket (optional),
--       styles (optional: {import = fn(path), remove = fn(name)} — darktable's, absent in tests)
function M.new(opts)
  local self = setmetatable({}, M)
  self.lb = assert(opts.lb, "lb (the lutbridge module) is required")
  self.config = assert(opts.config, "config is required")
  self.params = self.config.parameters or {}
  self.by_name = {}
  for _, p in ipairs(self.params) do self.by_name[p.name] = p end
  self.styles = opts.styles
  self.socket = opts.socket
  self.waiting = {}       -- call id -> {done = fn(result, err), progress = fn(fraction, stage)}
  self.queued = {}        -- requests made before the connection is up
  self.status = "idle"
  self.on_status = opts.on_status or function() end
  self.on_look = opts.on_look or function() end
  self.on_styled = opts.on_styled or function() end
  self.on_baked = opts.on_baked or function() end -- a new LUT is on disk (its style comes next)
  self.defer_import = opts.defer_import -- fn() -> true: keep the style out of darktable's store for now
  self.longest_step_ms = 0
  self.dirty = false
  self.baking = false
  return self
end

function M:set_status(text)
  self.status = text
  self.on_status(text)
end

-- Starts the (asynchronous) connection once; the host is started on demand.
function M:connect()
  if self.client or self.connector then return end
  self.connector = self.lb.connect { socket = self.socket, host_cmd = self.config.host_cmd, autostart = true }
  self:set_status("connecting to the LutBridge host…")
end

-- Calls method(args…) on the host; done(result) or done(nil, message) later, from pump.
function M:request(method, args, done, progress)
  if not self.reconnect_at then self:connect() end
  local req = { method = method, args = args, done = done, progress = progress }
  if self.client then self:send(req) else self.queued[#self.queued + 1] = req end
end

function M:send(req)
  local id, err = self.client:start(req.method, table.unpack(req.args, 1, req.args.n or #req.args))
  if not id then
    -- A host that died while idle shows up here (the write fails): start it again, retry once.
    self:lost_host(err, { req })
    return
  end
  req.id = id
  self.waiting[id] = req
end

-- The connection failed (the host crashed, was killed, or closed it): drop the client, and give
-- each request in flight one more try on a fresh connection (the client starts a new host on
-- demand); a request that already had its retry fails with a message that says so.
function M:lost_host(err, requests)
  if self.client then self.client:close() end
  self.client = nil
  self.host_methods = nil
  local retry = {}
  for _, req in ipairs(requests) do
    if req.retried then
      req.done(nil, "the LutBridge host stopped twice (" .. tostring(err) .. "); see its log next to the socket")
    else
      req.retried = true
      retry[#retry + 1] = req
    end
  end
  if #retry == 0 then return end
  self.restarts = (self.restarts or 0) + 1
  for _, req in ipairs(retry) do self.queued[#self.queued + 1] = req end
  -- A killed process closes its connections before its listening socket: reconnecting at once
  -- can reach the dying host's backlog and be reset, so pump reconnects a moment later.
  self.reconnect_at = now_ms() + M.RECONNECT_DELAY_MS
  self:set_status("the LutBridge host stopped (" .. tostring(err) .. "); starting it again…")
end

function M:busy()
  return self.connector ~= nil or next(self.waiting) ~= nil or #self.queued > 0 or self.reconnect_at ~= nil
end

-- Delivers whatever has arrived; never blocks longer than timeout_ms. True while work is pending.
function M:pump(timeout_ms)
  local t0 = now_ms()
  if self.reconnect_at and t0 >= self.reconnect_at then
    self.reconnect_at = nil
    self:connect()
  end
  if self.connector then
    local client, err = self.connector:poll()
    if client then
      self.client, self.connector = client, nil
      local queued = self.queued
      self.queued = {}
      for _, req in ipairs(queued) do self:send(req) end
    elseif client == false then
      self.connector = nil
      local queued = self.queued
      self.queued = {}
      self:set_status("cannot reach the LutBridge host: " .. tostring(err))
      for _, req in ipairs(queued) do req.done(nil, err) end
    end
  end
  if self.client and next(self.waiting) then
    local events, err = self.client:poll(timeout_ms or 0)
    local lost = {}
    for _, ev in ipairs(events or {}) do
      local req = self.waiting[ev.id]
      if req then
        if ev.kind == "progress" then
          if req.progress then req.progress(ev.fraction, ev.stage) end
        else
          self.waiting[ev.id] = nil
          if ev.kind == "result" then req.done(ev.result)
          elseif M.CONNECTION_LOST[ev.name] then
            -- The client fails the calls of a connection that broke: the host died.
            lost[#lost + 1] = req
            err = err or ev.message
          else req.done(nil, ev.message or ev.name, ev.name) end
        end
      end
    end
    if events == nil or #lost > 0 or err then
      for id, req in pairs(self.waiting) do self.waiting[id] = nil; lost[#lost + 1] = req end
      table.sort(lost, function(a, b) return a.id < b.id end)
      self:lost_host(err or "connection lost", lost)
    end
  end
  local spent = now_ms() - t0 - (timeout_ms or 0)
  if spent > self.longest_step_ms then self.longest_step_ms = spent end
  return self:busy()
end

-- Cancels every running call (the panel's cancel button); false when nothing was running.
function M:cancel()
  if not self.client or not next(self.waiting) then return false end
  for id in pairs(self.waiting) do self.client:cancel(id) end
  return true
end

-- The host's error text without the method prefix ("look.decompose: ..."), for people.
function M.plain_error(err)
  return (tostring(err):gsub("^[%w%.]+: ", ""))
end

-- Runs fn once every slider change has been baked and styled (at once when nothing is pending):
-- an apply right after a slider move must carry that move.
function M:when_settled(fn)
  if self.collect then self.collect() end -- moves the panel has seen but not yet handed over
  if not self.baking and not self.dirty and not self.unbaked then fn(); return end
  self.settled_waiters = self.settled_waiters or {}
  self.settled_waiters[#self.settled_waiters + 1] = fn
end

-- Asks the host which methods it serves (the `version` call); done(set) with set[name] = true.
function M:methods(done)
  if self.host_methods then done(self.host_methods); return end
  self:request("version", { n = 0 }, function(result)
    local set = {}
    for _, name in ipairs(result and result.methods or {}) do set[name] = true end
    if result then self.host_methods = set end
    done(set)
  end)
end

-- ---- the Look and its sliders ------------------------------------------------------------
function M:value(name)
  local p = assert(self.by_name[name], "unknown Look parameter " .. tostring(name))
  local steps = self.values and self.values[p.index] or 0
  return p.neutral + steps * p.step
end

-- The current steps of one parameter (what the slider shows, in units of its step).
function M:steps(name)
  local p = assert(self.by_name[name], "unknown Look parameter " .. tostring(name))
  return self.values and self.values[p.index] or 0
end

function M:steps_for(p, value)
  if value < p.min then value = p.min elseif value > p.max then value = p.max end
  local s = (value - p.neutral) / p.step
  return s >= 0 and math.floor(s + 0.5) or -math.floor(-s + 0.5)
end

function M:load_look(bytes, source)
  self.unbaked = true -- until the bake that follows starts (when_settled waits for it)
  self.look = bytes
  self.values = self.lb.look_values(bytes)
  self.source = source
  self.on_look(self)
end

-- Picks a LUT: a LutBridge .cube reopens its Look; anything else is decomposed by the host.
function M:choose(path, done)
  done = done or function() end
  self.chosen_at = now_ms()
  if path:lower():match("%.cube$") then
    local text = read_file(path)
    local look = text and self.lb.look_from_cube_text(text)
    if look then
      self:load_look(look, path)
      self:set_status("reopened the Look carried by " .. path)
      done(true)
      return
    end
  end
  self:set_status("decomposing " .. path .. "…")
  self:request("look.decompose", { n = 1, path }, function(result, err, code)
    if not result then
      local kept = self.look and (" — still showing " .. self:title()) or ""
      if code == "cancelled" then self:set_status("cancelled" .. kept)
      else
        local why = M.plain_error(err)
        if not why:find(path, 1, true) then why = path .. ": " .. why end -- the host names it already
        self:set_status("cannot open " .. why .. kept)
      end
      done(false, err, code)
      return
    end
    self:load_look(result.look, path)
    self:set_status(string.format("Look fitted: mean ΔE00 %.2f, max %.2f", result.mean_de2000 or -1, result.max_de2000 or -1))
    done(true)
  end, function(fraction, stage) self:set_status(string.format("decomposing: %s %d%%", stage, math.floor(fraction * 100))) end)
end

-- The title as a file-name-like source, so styles and LUTs are named after it.
-- (A file name's extension goes first: "pair after.png" names the Look "pair_after".)
function M.source_name(title)
  return "/" .. title:gsub("%.%w+$", ""):gsub("[^%w%-_ ]", ""):gsub("%s+", "_"):sub(1, 48)
end

-- Makes a Look with one of the engines' jobs (look.prompt, look.match, look.distil: each answers
-- {look, bytes, report}); title names it (its style and baked LUTs). done(ok, err, code, result):
-- result is the whole answer (look.match's carries the style set's variants).
function M:produce(method, args, title, done)
  done = done or function() end
  self:set_status(title .. ": working…")
  self:request(method, args, function(result, err, code)
    if not result or type(result.look) ~= "string" then
      local kept = self.look and (" — still showing " .. self:title()) or ""
      if code == "cancelled" then self:set_status("cancelled" .. kept)
      else self:set_status(title .. " failed: " .. M.plain_error(err or "no Look in the answer") .. kept) end
      done(false, err, code)
      return
    end
    self:load_look(result.look, M.source_name(title))
    self:set_status(string.format("%s: Look made (%d bytes)", title, result.bytes or #result.look))
    done(true, nil, nil, result)
  end, function(fraction, stage) self:set_status(string.format("%s: %s %d%%", title, stage, math.floor(fraction * 100))) end)
end

-- A slider moved: update the Look and (re)bake; bakes are coalesced so the last value wins.
function M:set(name, value, done)
  if not self.look then return end
  local p = assert(self.by_name[name], "unknown Look parameter " .. tostring(name))
  local values = {}
  for k, v in pairs(self.values) do values[k] = v end
  values[p.index] = self:steps_for(p, value)
  self.look = self.lb.look_set(self.look, values)
  self.values = values
  self:bake(done)
end

function M:title()
  local base = self.source and self.source:match("([^/]+)$") or "look"
  base = base:gsub("%.[^.]*$", "")
  -- A reopened LutBridge bake is named <title>-<12 hex of its Look>: keep the title only.
  return (base:gsub("%-%x%x%x%x%x%x%x%x%x%x%x%x$", ""))
end

function M:style_name() return M.STYLE_PREFIX .. self:title() end

-- Bakes the current Look into <lut_dir>/<title>-<hash>.cube (content-addressed, so an image
-- history that refers to an older bake keeps its look), embeds the Look in the .cube,
-- writes the .dtstyle and re-imports it. done(style_path) or done(nil, err).
function M:bake(done)
  done = done or function() end
  if self.baking then self.dirty = true; self.after_bake = done; return end
  self.baking = true
  self.unbaked = false
  local look = self.look
  local name = string.format("%s-%s.cube", self:title():gsub("[^%w%-_.]", "_"), self.lb.hash(look):sub(1, 12))
  local lut_path = self.config.lut_dir .. "/" .. name
  local function finish(ok, err)
    self.baking = false
    if self.dirty then
      self.dirty = false
      local next_done = self.after_bake
      self.after_bake = nil
      return self:bake(next_done)
    end
    done(ok, err)
    local waiters = self.settled_waiters
    self.settled_waiters = nil
    for _, fn in ipairs(waiters or {}) do fn() end
  end
  local function style_it()
    self.last_lut = lut_path
    self.on_baked(self) -- before the style: darkroom shows the LUT without waiting for darktable's style store
    local style_path, err = self:write_style(lut_path)
    if not style_path then self:set_status("writing the style failed: " .. tostring(err)); finish(nil, err); return end
    self.last_style = style_path
    self.on_styled(self)
    finish(style_path)
  end
  local existing = io.open(lut_path, "rb")
  if existing then existing:close(); style_it(); return end
  self:request("look.bake", { n = 3, self.lb.bin(look), lut_path, { size = M.LATTICE_SIZE } }, function(result, err)
    if not result then self:set_status("bake failed: " .. tostring(err)); finish(nil, err); return end
    local ok, eerr = self:embed_look(lut_path, look)
    if not ok then self:set_status("cannot write " .. lut_path .. ": " .. tostring(eerr)); finish(nil, eerr); return end
    style_it()
  end)
  -- After the request is out: in darktable a status change waits for the GUI thread.
  self:set_status("baking…")
end

-- Puts the Look into the .cube as a comment (other tools ignore it) so the panel can reopen it.
-- The host's look.bake writes it in the .cube's header already: only that part is read then.
function M:embed_look(path, look)
  local f, err = io.open(path, "rb")
  if not f then return nil, err end
  local head = f:read(LOOK_HEADER_BYTES) or ""
  f:close()
  local header = head:match("^(.-)\nLUT_3D_SIZE") or head:match("^(.-)\nLUT_1D_SIZE")
  if header and self.lb.look_from_cube_text(header .. "\n") then return true end
  local text, rerr = read_file(path)
  if not text then return nil, rerr end
  if self.lb.look_from_cube_text(text) then return true end
  return write_atomic(path, LOOK_COMMENT .. self.lb.base64(look) .. "\n" .. text)
end

-- The LUT's path as darktable's lut3d stores it: relative to its LUT folder.
function M:lut_relpath(lut_path)
  return M.relative_path(self.config.lut_root, lut_path or self.last_lut)
end

-- Writes the .dtstyle; darktable's style store gets it at once, or, while defer_import() says so
-- (the darkroom image follows the sliders without it), at the next import_style().
function M:write_style(lut_path)
  local style_path = self.config.lut_dir .. "/" .. self:title():gsub("[^%w%-_.]", "_") .. ".dtstyle"
  local xml = M.dtstyle_xml(self.lb, self:style_name(), "LutBridge look from " .. tostring(self.source), self:lut_relpath(lut_path))
  local ok, err = write_atomic(style_path, xml)
  if not ok then return nil, err end
  self.style_pending = { name = self:style_name(), path = style_path }
  if not (self.defer_import and self.defer_import()) then self:import_style() end
  return style_path
end

-- Puts the last written style into darktable's style store (darktable refuses a name that exists,
-- so the old one goes first). True when it was pending.
function M:import_style()
  local pending = self.style_pending
  if not pending then return false end
  self.style_pending = nil
  if self.styles then
    self.styles.remove(pending.name)
    self.styles.import(pending.path)
  end
  return true
end

return M
