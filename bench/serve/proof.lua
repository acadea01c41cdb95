-- wrk script: authenticated inclusion-proof reads at random indices of a ledger of SIZE entries.
local size = tonumber(os.getenv("XB_SIZE") or "10000")
local token = os.getenv("XB_TOKEN")
local route = os.getenv("XB_ROUTE") or "proof"
math.randomseed(os.time())
request = function()
  local i = math.random(0, size - 1)
  local path
  if route == "entry" then
    path = "/v1/ledger/entries/" .. i
  else
    path = "/v1/ledger/proofs/inclusion?index=" .. i
  end
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end
done = function(summary, latency, requests)
  io.write(string.format("XB %s requests=%d errors=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f\n", route,
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
