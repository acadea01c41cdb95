#include "detect/text/address_recognizer.h"

#include <gtest/gtest.h>

#include "core/locations.h"
#include "core/utf8.h"
#include "detect/lexicon.h"

namespace xb::text {
namespace {

Document Decode(std::string_view s) {
  Document doc;
  doc.text = s;
  for (size_t i = 0; i < s.size();) {
    doc.byte.push_back(static_cast<uint32_t>(i));
    utf8::Decoded d = utf8::DecodeOne(s.substr(i));
    doc.cps.push_back(d.code_point);
    i += d.length;
  }
  doc.byte.push_back(static_cast<uint32_t>(s.size()));
  return doc;
}

// Addresses found with no gazetteer hits: the term grammar on its own.
std::vector<std::string> Addresses(std::string_view s, std::vector<AdminHit> admin = {}) {
  static auto recognizer = AddressRecognizer::Load(LocateDataDir());
  EXPECT_TRUE(recognizer.ok());
  Document doc = Decode(s);
  ContextIndex context;
  std::vector<Candidate> out;
  (*recognizer)->Find(doc, admin, context, &out);
  std::vector<std::string> found;
  for (const Candidate& c : out) found.emplace_back(doc.Bytes(c.start, c.end));
  return found;
}

TEST(AddressRecognizer, RoadAndNumber) {
  EXPECT_EQ(Addresses("我住在科苑路88号"), std::vector<std::string>{"科苑路88号"});
  EXPECT_EQ(Addresses("送到中山东路100号3楼"), std::vector<std::string>{"中山东路100号3楼"});
}

TEST(AddressRecognizer, CompoundAndUnits) {
  EXPECT_EQ(Addresses("家在阳光花园小区5栋2单元1201室"),
            std::vector<std::string>{"阳光花园小区5栋2单元1201室"});
}

TEST(AddressRecognizer, DivisionsFromTheGazetteerStartTheChain) {
  // 南山区 at code points 0..3.
  EXPECT_EQ(Addresses("南山区科苑路", {{0, 3, 3}}), std::vector<std::string>{"南山区科苑路"});
}

TEST(AddressRecognizer, BareRoadIsNotAnAddress) {
  EXPECT_TRUE(Addresses("这条路很长，我知道").empty());
}

}  // namespace
}  // namespace xb::text
