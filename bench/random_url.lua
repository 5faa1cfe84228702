-- random_url.lua - wrk asks for a new URL on every request, so that a
-- server's response cache cannot answer: the figures are the queries'.
--
--   wrk -s bench/random_url.lua http://HOST:PORT -- TEMPLATE LO HI [WORDS]
--
-- In TEMPLATE (a path and query), each {n} becomes a random integer in
-- [LO, HI], {d} a random day of 2026 as YYYY-MM-DD and {d7} the day a week
-- after it, and {w} a random word of WORDS (separated by '|', spaces
-- written '+').  Headers given with -H are sent as usual.
local tmpl, lo, hi
local words = {}
local base = os.time({year = 2026, month = 1, day = 1, hour = 12})

function init(args)
	tmpl = args[1] or "/"
	lo = tonumber(args[2] or "1")
	hi = tonumber(args[3] or "1")
	for w in string.gmatch(args[4] or "", "[^|]+") do
		words[#words + 1] = w
	end
	math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

function request()
	local day = math.random(0, 364)
	local p = tmpl:gsub("{n}", function() return tostring(math.random(lo, hi)) end)
	p = p:gsub("{d7}", os.date("!%Y-%m-%d", base + (day + 7) * 86400))
	p = p:gsub("{d}", os.date("!%Y-%m-%d", base + day * 86400))
	if #words > 0 then
		p = p:gsub("{w}", function() return words[math.random(1, #words)] end)
	end
	return wrk.format(nil, p)
end
