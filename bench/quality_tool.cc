// Quality harness for `xborder detect`: scores the text detector on labelled JSON Lines,
//   {"text": "...", "spans": [[start, end, "TYPE"], ...]}      (code-point offsets, end exclusive)
// and prints per-type precision, recall and F1 under two matching rules: exact (same span, same
// type) and overlap (same type, spans share at least one code point; one-to-one). A masked value
// (110101********8531) is scored as type "<TYPE>:masked" (detect/text/quality_score.h).
//
//   quality_tool [--min-score X] [--check] [--errors N] FILE.jsonl...
//
// --check exits 1 when exact-match precision or recall over the validated identifiers is below
// 0.99. --errors N prints up to N examples whose findings differ from the labels (the evaluation
// set is fictitious, so printing it is safe; never run --errors on real data).
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "detect/text/quality_score.h"
#include "detect/text/text_detector.h"

namespace {

using xb::text::LabelledSpan;
using xb::text::TypeScore;

void PrintRow(const std::string& name, const TypeScore& c) {
  const double ep = c.ExactPrecision(), er = c.ExactRecall();
  const double op = c.OverlapPrecision(), orr = c.OverlapRecall();
  std::printf("%-24s %6d %6d  %6.3f %6.3f %6.3f  %6.3f %6.3f %6.3f\n", name.c_str(), c.gold,
              c.predicted, ep, er, TypeScore::F1(ep, er), op, orr, TypeScore::F1(op, orr));
}

void PrintMismatch(const std::string& text, const std::vector<LabelledSpan>& gold,
                   const std::vector<LabelledSpan>& pred) {
  std::printf("%s\n  gold:", text.c_str());
  for (const LabelledSpan& g : gold) std::printf(" [%d,%d,%s]", g.start, g.end, g.type.c_str());
  std::printf("\n  pred:");
  for (const LabelledSpan& p : pred) std::printf(" [%d,%d,%s]", p.start, p.end, p.type.c_str());
  std::printf("\n");
}

int Usage() {
  std::fprintf(stderr,
               "usage: quality_tool [--min-score X] [--check] [--errors N] FILE.jsonl...\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  double min_score = 0.5;
  bool check = false;
  int show_errors = 0;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--min-score" && i + 1 < argc) {
      min_score = std::atof(argv[++i]);
    } else if (arg == "--errors" && i + 1 < argc) {
      show_errors = std::atoi(argv[++i]);
    } else if (arg == "--check") {
      check = true;
    } else if (!arg.empty() && arg[0] == '-') {
      return Usage();
    } else {
      files.push_back(arg);
    }
  }
  if (files.empty()) return Usage();
  xb::TextDetectorOptions options;
  options.min_score = static_cast<float>(min_score);
  options.today = xb::CivilDate::FromYmd(2026, 11, 23);  // fixed: scores must not drift with time
  auto detector = xb::TextDetector::Create(options);
  if (!detector.ok()) {
    std::fprintf(stderr, "quality_tool: %s\n", detector.error().ToString().c_str());
    return 2;
  }
  xb::text::QualityScore score;
  int documents = 0;
  std::vector<xb::TextFinding> findings;
  for (const std::string& path : files) {
    std::ifstream in(path);
    if (!in) {
      std::fprintf(stderr, "quality_tool: cannot open %s\n", path.c_str());
      return 2;
    }
    std::string line;
    int line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      if (line.empty()) continue;
      std::vector<LabelledSpan> gold;
      std::string text;
      try {
        nlohmann::json j = nlohmann::json::parse(line);
        text = j.at("text").get<std::string>();
        for (const auto& s : j.at("spans")) {
          gold.push_back({s.at(0).get<int>(), s.at(1).get<int>(), s.at(2).get<std::string>()});
        }
      } catch (const std::exception& e) {
        std::fprintf(stderr, "quality_tool: %s:%d: not a labelled example (%s)\n", path.c_str(),
                     line_no, e.what());
        return 2;
      }
      if (xb::Status s = (*detector)->Detect(text, &findings); !s.ok()) {
        std::fprintf(stderr, "quality_tool: %s:%d: %s\n", path.c_str(), line_no,
                     s.error().ToString().c_str());
        return 1;
      }
      std::vector<LabelledSpan> pred = xb::text::ToLabelledSpans(findings);
      score.Add(gold, pred);
      ++documents;
      if (show_errors > 0) {
        auto key = [](const std::vector<LabelledSpan>& v) {
          std::set<std::tuple<int, int, std::string>> k;
          for (const LabelledSpan& s : v) k.insert({s.start, s.end, s.type});
          return k;
        };
        if (key(gold) != key(pred)) {
          --show_errors;
          PrintMismatch(text, gold, pred);
        }
      }
    }
  }

  std::printf("%d documents, min score %.2f\n\n", documents, min_score);
  std::printf("%-24s %6s %6s  %6s %6s %6s  %6s %6s %6s\n", "type", "gold", "pred", "P", "R", "F1",
              "P~", "R~", "F1~");
  std::printf("%-24s %6s %6s  %20s  %20s\n", "", "", "", "---- exact span ----",
              "--- overlapping ----");
  for (const auto& [type, c] : score.by_type()) PrintRow(type, c);
  std::printf("\n");
  const TypeScore validated = score.Validated();
  PrintRow("validated identifiers", validated);
  PrintRow("all (micro)", score.All());
  if (check) {
    const double p = validated.ExactPrecision(), r = validated.ExactRecall();
    if (p < 0.99 || r < 0.99) {
      std::printf("\nFAIL: validated identifiers precision %.4f recall %.4f (need >= 0.99)\n", p,
                  r);
      return 1;
    }
    std::printf("\nOK: validated identifiers precision %.4f recall %.4f\n", p, r);
  }
  return 0;
}
