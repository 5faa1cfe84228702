-- random_url.lua - wrk asks for a new URL on every request, so that a
-- server's response cache cannot answer: the figures are the queries'.
--
--   wrk -s bench/random_url.lua http://HOST:PORT -- TEMPLATE LO HI [WORDS [MHI]]
--
-- TEMPLATE is a path and query, or several separated by spaces, one of
-- them picked at random for each request.  In it each {n} becomes a random
-- integer in [LO, HI], {m} one in [1, MHI], {d} a random day of 2026 as
-- YYYY-MM-DD and {d7} the day a week after it, and {w} a random word of
-- WORDS (separated by '|', spaces written '+').  Headers given with -H are
-- sent as usual.
local tmpls = {}
local lo, hi, mhi
local words = {}
local base = os.time({year = 2026, month = 1, day = 1, hour = 12})

function init(args)
	for t in string.gmatch(args[1] or "/", "%S+") do
		tmpls[#tmpls + 1] = t
	end
	lo = tonumber(args[2] or "1")
	hi = tonumber(args[3] or "1")
	mhi = tonumber(args[5] or "1")
	for w in string.gmatch(args[4] or "", "[^|]+") do
		words[#words + 1] = w
	end
	math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

function request()
	local day = math.random(0, 364)
	local p = tmpls[math.random(1, #tmpls)]
	p = p:gsub("{n}", function() return tostring(math.random(lo, hi)) end)
	p = p:gsub("{m}", function() return tostring(math.random(1, mhi)) end)
	p = p:gsub("{d7}", os.date("!%Y-%m-%d", base + (day + 7) * 86400))
	p = p:gsub("{d}", os.date("!%Y-%m-%d", base + day * 86400))
	if #words > 0 then
		p = p:gsub("{w}", function() return words[math.random(1, #words)] end)
	end
	return wrk.format(nil, p)
end
