// Sealing and opening throughput (issue #16 target: sealing >= 500 MB/s per core, so that it adds
// under 10% to a transfer). One thread; bytes/s are of plaintext.
//
//   BM_SealMemory / BM_OpenMemory: the age format alone (header, STREAM chunks), memory to
//     memory, with a discarding sink; the figure the target is about.
//   BM_SealFile / BM_OpenFile: SealFile / OpenSealedFile on a 256 MiB file in the temp folder,
//     through the page cache, including the atomic output (fsync and rename).
//   BM_SignManifest: minisign signature of a 64 KiB manifest (BLAKE2b-512, two Ed25519 signs).
#include <benchmark/benchmark.h>
#include <sodium.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "core/atomic_file.h"
#include "core/crypto.h"
#include "seal/age.h"
#include "seal/minisign.h"
#include "seal/seal_file.h"

namespace {

using namespace xb::seal;

std::string Plaintext(size_t n) {
  std::mt19937_64 rng(42);
  std::string s(n, '\0');
  for (size_t i = 0; i + 8 <= n; i += 8) {
    uint64_t v = rng();
    std::memcpy(s.data() + i, &v, 8);
  }
  return s;
}

std::span<const uint8_t> Bytes(std::string_view s) {
  return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

struct Keys {
  AgeIdentity identity = std::move(AgeIdentity::Generate()).value();
  std::vector<AgeRecipient> recipients{identity.recipient()};
};

Keys& TheKeys() {
  static Keys keys;
  return keys;
}

void BM_SealMemory(benchmark::State& state) {
  std::string plain = Plaintext(static_cast<size_t>(state.range(0)));
  uint64_t out = 0;
  for (auto _ : state) {
    auto writer = AgeWriter::Create(TheKeys().recipients, [&out](std::span<const uint8_t> b) {
      out += b.size();
      return xb::Status::Ok();
    });
    if (!writer.ok() || !(*writer)->Write(Bytes(plain)).ok() || !(*writer)->Finish().ok()) {
      state.SkipWithError("seal failed");
      return;
    }
  }
  benchmark::DoNotOptimize(out);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_SealMemory)->Arg(1 << 20)->Arg(64 << 20)->Unit(benchmark::kMillisecond);

void BM_OpenMemory(benchmark::State& state) {
  std::string plain = Plaintext(static_cast<size_t>(state.range(0)));
  std::string sealed;
  auto writer = AgeWriter::Create(TheKeys().recipients, [&sealed](std::span<const uint8_t> b) {
    sealed.append(reinterpret_cast<const char*>(b.data()), b.size());
    return xb::Status::Ok();
  });
  (void)(*writer)->Write(Bytes(plain));
  (void)(*writer)->Finish();
  uint64_t out = 0;
  std::span<const AgeIdentity> ids(&TheKeys().identity, 1);
  for (auto _ : state) {
    MemorySource source(sealed);
    xb::Status s = DecryptAge(source, ids, [&out](std::span<const uint8_t> b) {
      out += b.size();
      return xb::Status::Ok();
    });
    if (!s.ok()) {
      state.SkipWithError("open failed");
      return;
    }
  }
  benchmark::DoNotOptimize(out);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_OpenMemory)->Arg(1 << 20)->Arg(64 << 20)->Unit(benchmark::kMillisecond);

std::string BenchFile(size_t n) {
  std::string path = (std::filesystem::temp_directory_path() / "xb_seal_bench.bin").string();
  if (!std::filesystem::exists(path) || std::filesystem::file_size(path) != n) {
    (void)xb::WriteFileAtomically(path, Plaintext(n));
  }
  return path;
}

void BM_SealFile(benchmark::State& state) {
  std::string in = BenchFile(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    if (!SealFile(in, in + ".age", TheKeys().recipients).ok()) {
      state.SkipWithError("seal failed");
      return;
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_SealFile)->Arg(256 << 20)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_OpenFile(benchmark::State& state) {
  std::string in = BenchFile(static_cast<size_t>(state.range(0)));
  (void)SealFile(in, in + ".age", TheKeys().recipients);
  std::span<const AgeIdentity> ids(&TheKeys().identity, 1);
  for (auto _ : state) {
    if (!OpenSealedFile(in + ".age", in + ".out", ids).ok()) {
      state.SkipWithError("open failed");
      return;
    }
  }
  std::filesystem::remove(in + ".out");
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_OpenFile)->Arg(256 << 20)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SignManifest(benchmark::State& state) {
  std::string path = (std::filesystem::temp_directory_path() / "xb_seal_bench.json").string();
  (void)xb::WriteFileAtomically(path, Plaintext(64 << 10));
  (void)xb::EnsureSodium();
  std::array<uint8_t, 64> secret;
  MinisignSigner signer;
  crypto_sign_keypair(signer.public_key.data(), secret.data());
  signer.sign = [&secret](std::string_view m) {
    Ed25519Signature s;
    crypto_sign_detached(s.data(), nullptr, reinterpret_cast<const uint8_t*>(m.data()), m.size(),
                         secret.data());
    return s;
  };
  for (auto _ : state) benchmark::DoNotOptimize(SignFileMinisign(path, signer, "t"));
}
BENCHMARK(BM_SignManifest)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
