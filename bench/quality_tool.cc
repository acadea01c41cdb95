// Quality harness for `xborder detect`: scores the text detector on labelled JSON Lines,
//   {"text": "...", "spans": [[start, end, "TYPE"], ...]}      (code-point offsets, end exclusive)
// and prints per-type precision, recall and F1 under two matching rules: exact (same span, same
// type) and overlap (same type, spans share at least one code point; one-to-one).
// A masked value (110101********8531) is scored as type "<TYPE>:masked".
//
//   quality_tool [--min-score X] [--check] [--errors N] FILE.jsonl...
//
// --check exits 1 when exact-match precision or recall over the validated identifiers (the
// checksum- or shape-validated types of DESIGN.md §3) is below 0.99: the quality regression test.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "detect/entity_type.h"
#include "detect/text/text_detector.h"

namespace {

struct Span {
  int start;
  int end;
  std::string type;
};

struct Counts {
  int gold = 0;
  int predicted = 0;
  int exact = 0;         // predicted spans that match a gold span exactly
  int overlap_pred = 0;  // predicted spans overlapping a same-type gold span (one-to-one)
  int overlap_gold = 0;
};

bool IsValidatedType(const std::string& type) {
  static const std::set<std::string> kValidated = {
      "CN_RESIDENT_ID", "CN_MOBILE",      "PHONE_NUMBER",     "BANK_CARD",
      "CN_PASSPORT",    "CN_HMT_PERMIT",  "CN_LICENSE_PLATE", "CN_USCC",
      "EMAIL_ADDRESS",  "IP_ADDRESS",     "MAC_ADDRESS",      "IMEI",
      "IBAN",           "GPS_COORDINATE", "PASSPORT"};
  return kValidated.count(type) > 0;
}

double Ratio(int a, int b) { return b == 0 ? 1.0 : static_cast<double>(a) / b; }
double F1(double p, double r) { return p + r == 0 ? 0 : 2 * p * r / (p + r); }

void Score(const std::vector<Span>& gold, const std::vector<Span>& pred,
           std::map<std::string, Counts>* counts) {
  for (const Span& g : gold) ++(*counts)[g.type].gold;
  for (const Span& p : pred) ++(*counts)[p.type].predicted;
  std::vector<bool> gold_used(gold.size(), false);
  for (const Span& p : pred) {
    for (size_t i = 0; i < gold.size(); ++i) {
      if (gold[i].type == p.type && gold[i].start == p.start && gold[i].end == p.end) {
        ++(*counts)[p.type].exact;
        break;
      }
    }
  }
  std::vector<bool> pred_used(pred.size(), false);
  for (size_t j = 0; j < pred.size(); ++j) {
    for (size_t i = 0; i < gold.size(); ++i) {
      if (gold_used[i] || gold[i].type != pred[j].type) continue;
      if (gold[i].start < pred[j].end && pred[j].start < gold[i].end) {
        gold_used[i] = pred_used[j] = true;
        ++(*counts)[pred[j].type].overlap_pred;
        ++(*counts)[pred[j].type].overlap_gold;
        break;
      }
    }
  }
}

void PrintRow(const std::string& name, const Counts& c) {
  const double ep = Ratio(c.exact, c.predicted), er = Ratio(c.exact, c.gold);
  const double op = Ratio(c.overlap_pred, c.predicted), orr = Ratio(c.overlap_gold, c.gold);
  std::printf("%-24s %6d %6d  %6.3f %6.3f %6.3f  %6.3f %6.3f %6.3f\n", name.c_str(), c.gold,
              c.predicted, ep, er, F1(ep, er), op, orr, F1(op, orr));
}

}  // namespace

int main(int argc, char** argv) {
  double min_score = 0.5;
  bool check = false;
  int show_errors = 0;  // print up to this many mismatching examples (the data is fictitious)
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
      std::fprintf(stderr, "usage: quality_tool [--min-score X] [--check] FILE.jsonl...\n");
      return 2;
    } else {
      files.push_back(arg);
    }
  }
  if (files.empty()) {
    std::fprintf(stderr, "usage: quality_tool [--min-score X] [--check] FILE.jsonl...\n");
    return 2;
  }
  xb::TextDetectorOptions options;
  options.min_score = static_cast<float>(min_score);
  options.today = xb::CivilDate::FromYmd(2026, 11, 23);  // fixed: scores must not drift with time
  auto detector = xb::TextDetector::Create(options);
  if (!detector.ok()) {
    std::fprintf(stderr, "quality_tool: %s\n", detector.error().ToString().c_str());
    return 2;
  }
  std::map<std::string, Counts> counts;
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
      std::vector<Span> gold, pred;
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
      (*detector)->Detect(text, &findings);
      for (const xb::TextFinding& f : findings) {
        std::string type(xb::EntityTypeName(f.type));
        if (f.masked) type += ":masked";
        pred.push_back({static_cast<int>(f.start), static_cast<int>(f.end), type});
      }
      Score(gold, pred, &counts);
      if (show_errors > 0) {
        auto key = [](const std::vector<Span>& v) {
          std::set<std::tuple<int, int, std::string>> k;
          for (const Span& s : v) k.insert({s.start, s.end, s.type});
          return k;
        };
        if (key(gold) != key(pred)) {
          --show_errors;
          std::printf("%s\n  gold:", text.c_str());
          for (const Span& g : gold) std::printf(" [%d,%d,%s]", g.start, g.end, g.type.c_str());
          std::printf("\n  pred:");
          for (const Span& p : pred) std::printf(" [%d,%d,%s]", p.start, p.end, p.type.c_str());
          std::printf("\n");
        }
      }
      ++documents;
    }
  }

  std::printf("%d documents, min score %.2f\n\n", documents, min_score);
  std::printf("%-24s %6s %6s  %6s %6s %6s  %6s %6s %6s\n", "type", "gold", "pred", "P", "R", "F1",
              "P~", "R~", "F1~");
  std::printf("%-24s %6s %6s  %20s  %20s\n", "", "", "", "---- exact span ----",
              "--- overlapping ----");
  Counts validated, all;
  for (const auto& [type, c] : counts) {
    PrintRow(type, c);
    Counts* groups[] = {&all, IsValidatedType(type) ? &validated : nullptr};
    for (Counts* g : groups) {
      if (g == nullptr) continue;
      g->gold += c.gold;
      g->predicted += c.predicted;
      g->exact += c.exact;
      g->overlap_pred += c.overlap_pred;
      g->overlap_gold += c.overlap_gold;
    }
  }
  std::printf("\n");
  PrintRow("validated identifiers", validated);
  PrintRow("all (micro)", all);
  if (check) {
    const double p = Ratio(validated.exact, validated.predicted);
    const double r = Ratio(validated.exact, validated.gold);
    if (p < 0.99 || r < 0.99) {
      std::printf("\nFAIL: validated identifiers precision %.4f recall %.4f (need >= 0.99)\n", p,
                  r);
      return 1;
    }
    std::printf("\nOK: validated identifiers precision %.4f recall %.4f\n", p, r);
  }
  return 0;
}
