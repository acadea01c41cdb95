-- wrk script: one ledger entry per request through POST /v1/ledger/entries (officer token).
-- Each connection's entries are distinct (its own counter), as a real writer's would be.
local token = os.getenv("XB_TOKEN")
local counter = 0
local id = 0
setup = function(thread)
  id = id + 1
  thread:set("tid", id)
end
request = function()
  counter = counter + 1
  local body = string.format(
    '{"type":"monitor_alert","source":"bench","thread":%d,"n":%d,"severity":"info"}', tid or 0,
    counter)
  return wrk.format("POST", "/v1/ledger/entries",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end
done = function(summary, latency, requests)
  io.write(string.format(
    "XB append requests=%d errors=%d non2xx=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout, summary.errors.status, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
