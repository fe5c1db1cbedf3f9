-- The neutral Look's bytes, written out by hand from docs/look.md (not by LutBridge):
-- msgpack [ "lutbridge.look", 1, {}, nil, nil, nil ].
return "\x96" .. string.char(0xa0 + #"lutbridge.look") .. "lutbridge.look" .. "\x01" .. "\x80" .. "\xc0\xc0\xc0"
