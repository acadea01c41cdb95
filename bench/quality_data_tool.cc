// Writes the synthetic part of the labelled evaluation set for the quality harness
// (bench/quality/): realistic customer-service tickets, HR notes, medical notes, chat logs,
// delivery notes and English tickets, with the adversarial cases of issue 7 (separators,
// full-width digits, +86 prefixes, glued emoji and CJK punctuation, ports, plus-addressing,
// lowercase x, masked values) and unlabelled decoys (order numbers, timestamps, amounts,
// tracking numbers, version strings, ordinary dates).
//
//   quality_data_tool synthetic SEED COUNT > out.jsonl
//   quality_data_tool markup FILE.txt dev|test > out.jsonl
//       hand-written "[[text|TYPE]]" markup; odd-numbered examples are dev, even ones test
//
// Deterministic: the same seed gives the same file on every platform (own PRNG, no
// std::distributions). Identifiers are generated valid (checksums computed) and fictitious.
// The name and address pools here are written independently of the detector's word lists, so
// the scores measure generalisation rather than the lists.
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/locations.h"
#include "core/utf8.h"
#include "detect/lexicon.h"
#include "detect/validators.h"

namespace {

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ULL + 1) {}
  uint64_t Next() {  // splitmix64
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int Int(int lo, int hi) {
    return lo + static_cast<int>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  bool Chance(int percent) { return Int(1, 100) <= percent; }
  template <class T>
  const T& Pick(const std::vector<T>& v) {
    return v[Next() % v.size()];
  }
  std::string Digits(int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + Int(0, 9)));
    return s;
  }

 private:
  uint64_t state_;
};

struct Example {
  std::string text;
  nlohmann::json spans = nlohmann::json::array();
  int cps = 0;
  void Add(std::string_view s) {
    text += s;
    cps += static_cast<int>(xb::utf8::CountCodePoints(s));
  }
  void Entity(std::string_view s, const std::string& type) {
    int start = cps;
    Add(s);
    spans.push_back({start, cps, type});
  }
  std::string Json() const {
    nlohmann::json j;
    j["text"] = text;
    j["spans"] = spans;
    return j.dump();
  }
};

std::vector<std::string> Split(std::string_view s) {  // by code point
  std::vector<std::string> out;
  while (!s.empty()) {
    auto d = xb::utf8::DecodeOne(s);
    out.emplace_back(s.substr(0, d.length));
    s.remove_prefix(d.length);
  }
  return out;
}

// ---- pools written for the generator ------------------------------------------------------

const std::vector<std::string> kSurnames = Split(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程"
    "魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚"
    "邵万覃武钱戴严欧莫孔向常汤康易乔赖文施洪牛");
const std::vector<std::string> kCompound = {"欧阳", "司马", "诸葛", "上官", "慕容", "皇甫",
                                            "东方", "司徒", "令狐", "夏侯", "尉迟", "长孙"};
const std::vector<std::string> kGiven = Split(
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红鹏辉玲梅丹晨欣怡婷雪琳颖倩博俊峰"
    "健彬凯婧琪瑶璐晶楠鑫浩宇轩涵萱梓睿泽铭昊然诗雨思彤雅晓梦瑞翔宏坤旭东新林海宁琴云嘉佳子一"
    "骁昱彧芷沐珞煊烨璟琛瑾祺霏岚筠蔚婉若曦悠然逸航硕晗锦皓琰玥妍歆媛钰泓翊澄湛淇汐");
const std::vector<std::string> kDotted = {
    "买买提·阿凡提",   "古丽娜扎尔·拜合提亚尔", "迪丽热巴·迪力木拉提", "艾力·买买提",
    "阿依古丽·吐尔逊", "努尔江·阿不都",         "约翰·史密斯",         "玛丽亚·加西亚",
    "扎西·多吉",       "热依拉·艾山",           "巴特尔·额尔敦"};
const std::vector<std::string> kEnFirst = {"James",  "Emily",  "Michael", "Sarah",  "David",
                                           "Laura",  "Daniel", "Olivia",  "Thomas", "Sophie",
                                           "Robert", "Anna",   "Peter",   "Grace",  "Kevin",
                                           "Helen",  "Mark",   "Julia",   "Chris",  "Rachel"};
const std::vector<std::string> kEnLast = {"Smith",  "Johnson", "Brown",  "Taylor", "Wilson",
                                          "Martin", "Clark",   "Lewis",  "Walker", "Hall",
                                          "Young",  "King",    "Wright", "Green",  "Baker",
                                          "Miller", "Davis",   "Evans",  "Turner", "Parker"};
const std::vector<std::string> kPinyinSurname = {"Zhang", "Wang", "Li", "Liu",  "Chen", "Yang",
                                                 "Huang", "Zhao", "Wu", "Zhou", "Xu",   "Sun"};
const std::vector<std::string> kPinyinGiven = {"Wei",    "Fang",  "Na",       "Min",
                                               "Jing",   "Lei",   "Xiaoming", "Yufei",
                                               "Haoran", "Jiayi", "Ming",     "Tao"};
const std::vector<std::string> kRoadChars = Split(
    "科苑中山人民解放建设和平新华长江黄河文化迎宾滨江湖光青年幸福学府胜利友谊光明东风朝阳兴业金融"
    "创业高新环城南京北京延安长安松柏桂花银杏枫林翠竹");
const std::vector<std::string> kRoadSuffix = {"路", "路",   "路",   "街",   "大道", "大街",
                                              "巷", "东路", "西路", "南路", "北路", "中路"};
const std::vector<std::string> kEstate = {"小区", "花园", "大厦", "公寓", "家园",
                                          "新村", "广场", "苑",   "华庭", "国际"};
const std::vector<std::string> kEstateName = {"阳光", "锦绣", "碧桂", "万科", "华润", "金地",
                                              "翠湖", "丽景", "世纪", "东方", "海悦", "龙湖"};
const std::vector<std::string> kHealthZh = {
    "高血压", "糖尿病", "2型糖尿病", "冠心病", "哮喘", "抑郁症", "乙肝",   "肺结核",
    "乳腺癌", "胃癌",   "帕金森病",  "癫痫",   "痛风", "艾滋病", "焦虑症", "脑梗死"};
const std::vector<std::string> kDrugZh = {"二甲双胍",   "阿司匹林", "胰岛素",   "氨氯地平",
                                          "阿托伐他汀", "舍曲林",   "奥美拉唑", "左甲状腺素"};
const std::vector<std::string> kIcd = {"E11.9", "I10",   "J45.9", "F32.1",
                                       "C50.9", "B18.1", "G40.9", "M10.0"};
const std::vector<std::string> kHealthEn = {"type 2 diabetes", "hypertension",  "asthma",
                                            "depression",      "breast cancer", "epilepsy",
                                            "hepatitis B"};
const std::vector<std::string> kDrugEn = {"metformin",  "insulin",      "amlodipine",
                                          "sertraline", "atorvastatin", "omeprazole"};
const std::vector<std::string> kEthnic = {"汉族",   "回族",   "维吾尔族", "藏族",
                                          "蒙古族", "壮族",   "满族",     "苗族",
                                          "彝族",   "朝鲜族", "哈萨克族", "土家族"};
const std::vector<std::string> kReligion = {"佛教", "基督教", "伊斯兰教", "天主教", "道教"};
const std::vector<std::string> kIssues = {"退款未到账", "账号被盗",     "快递丢失",
                                          "发票开错",   "套餐被误扣费", "预约无法取消",
                                          "积分清零",   "会员无法续费"};
const std::vector<std::string> kDomains = {"example.com", "mail.example.cn", "corp.example.org",
                                           "example.net"};

struct Area {
  std::string code, name, city, province;
};

std::vector<Area> LoadAreas(const std::string& data_dir) {
  std::map<std::string, std::string> provinces, cities;
  auto read = [](const std::string& path, const std::function<void(std::vector<std::string>)>& f) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      std::vector<std::string> fields;
      std::stringstream ss(line);
      std::string field;
      while (std::getline(ss, field, ',')) {
        if (field.size() >= 2 && field.front() == '"') field = field.substr(1, field.size() - 2);
        fields.push_back(field);
      }
      f(fields);
    }
  };
  read(data_dir + "/cn-admin-divisions/provinces.csv",
       [&](std::vector<std::string> f) { provinces[f[0]] = f[1]; });
  read(data_dir + "/cn-admin-divisions/cities.csv",
       [&](std::vector<std::string> f) { cities[f[0]] = f[1]; });
  std::vector<Area> areas;
  read(data_dir + "/cn-admin-divisions/areas.csv", [&](std::vector<std::string> f) {
    if (f.size() < 4) return;
    areas.push_back({f[0], f[1], cities[f[2]], provinces[f[3]]});
  });
  return areas;
}

std::string StripSuffix(const std::string& s, std::string_view suffix) {
  if (s.size() > suffix.size() + 3 &&
      s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0) {
    return s.substr(0, s.size() - suffix.size());
  }
  return s;
}

std::string FullWidth(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c > ' ' && c <= '~') {
      xb::utf8::Append(static_cast<char32_t>(0xFF01 + (c - '!')), &out);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

class Generator {
 public:
  Generator(uint64_t seed, std::vector<Area> areas) : rng_(seed), areas_(std::move(areas)) {}

  // ---- identifiers --------------------------------------------------------------------
  std::string ResidentId() {
    const Area& a = rng_.Pick(areas_);
    char date[16];
    std::snprintf(date, sizeof date, "%04d%02d%02d", rng_.Int(1950, 2012), rng_.Int(1, 12),
                  rng_.Int(1, 28));
    std::string first17 = a.code + date + rng_.Digits(3);
    char check = xb::CnResidentIdCheckChar(first17);
    if (check == 'X' && rng_.Chance(40)) check = 'x';
    return first17 + check;
  }
  std::string Mobile() {
    static const std::vector<std::string> kPrefixes = {
        "130", "131", "133", "135", "136", "137", "138", "139", "150", "151", "152", "158",
        "159", "166", "176", "177", "180", "181", "185", "186", "187", "188", "189", "199"};
    std::string m = rng_.Pick(kPrefixes) + rng_.Digits(8);
    int style = rng_.Int(1, 100);
    if (style <= 55) return m;
    if (style <= 67) return m.substr(0, 3) + "-" + m.substr(3, 4) + "-" + m.substr(7);
    if (style <= 77) return m.substr(0, 3) + " " + m.substr(3, 4) + " " + m.substr(7);
    if (style <= 85) return "+86 " + m;
    if (style <= 90) return "0086" + m;
    return FullWidth(m);
  }
  std::string Landline() {
    static const std::vector<std::string> kCodes = {"010", "021", "020", "0755", "0571",
                                                    "028", "027", "025", "0512", "0731"};
    std::string code = rng_.Pick(kCodes);
    std::string local = std::to_string(rng_.Int(2, 8)) + rng_.Digits(code.size() == 3 ? 7 : 7);
    int style = rng_.Int(1, 3);
    if (style == 1) return code + "-" + local;
    if (style == 2) return "(" + code + ") " + local.substr(0, 4) + " " + local.substr(4);
    return code + " " + local.substr(0, 4) + " " + local.substr(4);
  }
  std::string LuhnComplete(std::string prefix, int length) {
    while (static_cast<int>(prefix.size()) < length - 1) prefix += rng_.Digits(1);
    for (char d = '0'; d <= '9'; ++d) {
      if (xb::LuhnValid(prefix + d)) return prefix + d;
    }
    return prefix + '0';
  }
  std::string BankCard() {
    int kind = rng_.Int(1, 10);
    std::string card = kind <= 6   ? LuhnComplete("62" + rng_.Digits(4), rng_.Chance(60) ? 19 : 16)
                       : kind <= 8 ? LuhnComplete("4" + rng_.Digits(5), 16)
                                   : LuhnComplete("5" + std::to_string(rng_.Int(1, 5)), 16);
    if (rng_.Chance(40)) {
      std::string grouped;
      for (size_t i = 0; i < card.size(); i += 4) {
        if (i > 0) grouped += ' ';
        grouped += card.substr(i, 4);
      }
      return grouped;
    }
    return card;
  }
  std::string Imei() { return LuhnComplete(rng_.Chance(50) ? "35" : "86", 15); }
  std::string Iban() {
    // German IBAN: DEkk + 8-digit bank code + 10-digit account; check digits per ISO 13616.
    std::string bban = rng_.Digits(18);
    std::string numeric = bban + "131400";  // "DE00" → D=13 E=14 00
    int mod = 0;
    for (char c : numeric) mod = (mod * 10 + (c - '0')) % 97;
    int check = 98 - mod;
    std::string iban = std::string("DE") + (check < 10 ? "0" : "") + std::to_string(check) + bban;
    if (rng_.Chance(50)) {
      std::string grouped;
      for (size_t i = 0; i < iban.size(); i += 4) {
        if (i > 0) grouped += ' ';
        grouped += iban.substr(i, 4);
      }
      return grouped;
    }
    return iban;
  }
  std::string Uscc() {
    static const std::string kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    std::string s = "91" + rng_.Pick(areas_).code;
    for (int i = 0; i < 9; ++i) s.push_back(kAlphabet[rng_.Int(0, i < 8 ? 30 : 9)]);
    return s + xb::CnUsccCheckChar(s);
  }
  std::string Plate() {
    static const std::vector<std::string> kProvinces =
        Split("京津沪渝冀豫云辽黑湘皖鲁苏浙赣鄂桂甘晋陕吉闽贵粤川琼");
    std::string p = rng_.Pick(kProvinces);
    p.push_back(static_cast<char>('A' + rng_.Int(0, 7)));
    std::string tail = rng_.Digits(5);
    if (rng_.Chance(40))
      tail[static_cast<size_t>(rng_.Int(0, 4))] = "ABCDEFGHJKLMNPQRSTUVWXYZ"[rng_.Int(0, 23)];
    return p + tail;
  }
  std::string Ipv4() {
    return std::to_string(rng_.Int(1, 223)) + "." + std::to_string(rng_.Int(0, 255)) + "." +
           std::to_string(rng_.Int(0, 255)) + "." + std::to_string(rng_.Int(1, 254));
  }
  std::string Mac() {
    static const char* kHex = "0123456789ABCDEF";
    char sep = rng_.Chance(70) ? ':' : '-';
    std::string m;
    for (int i = 0; i < 6; ++i) {
      if (i > 0) m.push_back(sep);
      m.push_back(kHex[rng_.Int(0, 15)]);
      m.push_back(kHex[rng_.Int(0, 15)]);
    }
    return m;
  }
  std::string Gps() {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%d.%04d,%d.%04d", rng_.Int(18, 45), rng_.Int(0, 9999),
                  rng_.Int(75, 130), rng_.Int(0, 9999));
    return buf;
  }
  std::string Email(const std::string& hint) {
    std::string local = hint.empty() ? rng_.Pick(kPinyinGiven) : hint;
    for (char& c : local) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    local += rng_.Chance(50) ? "." + rng_.Digits(2) : "";
    if (rng_.Chance(30)) local += "+" + std::string(rng_.Chance(50) ? "vip" : "shop");
    return local + "@" + rng_.Pick(kDomains);
  }
  std::string DobZh() {
    int y = rng_.Int(1950, 2010), m = rng_.Int(1, 12), d = rng_.Int(1, 28);
    char buf[40];
    if (rng_.Chance(50)) {
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    } else {
      std::snprintf(buf, sizeof buf, "%04d年%d月%d日", y, m, d);
    }
    return buf;
  }
  std::string DobEn() {
    static const std::vector<std::string> kMonths = {
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December"};
    return rng_.Pick(kMonths) + " " + std::to_string(rng_.Int(1, 28)) + ", " +
           std::to_string(rng_.Int(1950, 2005));
  }
  // ---- decoys ------------------------------------------------------------------------
  std::string OrderNumber() {
    return "2026" + rng_.Digits(2) + rng_.Digits(2) + rng_.Digits(rng_.Int(8, 12));
  }
  std::string Timestamp() { return "17" + rng_.Digits(11); }
  std::string Tracking() {
    int k = rng_.Int(1, 3);
    if (k == 1) return "SF" + rng_.Digits(13);
    if (k == 2) return "YT" + rng_.Digits(13);
    return "75" + rng_.Digits(12);
  }
  std::string Amount() {
    int k = rng_.Int(1, 3);
    if (k == 1) return "¥" + std::to_string(rng_.Int(1, 99)) + "," + rng_.Digits(3) + ".00";
    if (k == 2) return std::to_string(rng_.Int(10, 99999)) + "." + rng_.Digits(2) + "元";
    return std::to_string(rng_.Int(100, 9999)) + "元";
  }
  std::string MaskedId() { return ResidentId().substr(0, 6) + "********" + rng_.Digits(3) + "1"; }
  std::string MaskedMobile() {
    return "1" + std::to_string(rng_.Int(3, 9)) + rng_.Digits(1) + "****" + rng_.Digits(4);
  }

  // ---- semantic ----------------------------------------------------------------------
  std::string NameZh() {
    int k = rng_.Int(1, 100);
    if (k <= 5) return rng_.Pick(kDotted);
    std::string s = k <= 12 ? rng_.Pick(kCompound) : rng_.Pick(kSurnames);
    s += rng_.Pick(kGiven);
    if (rng_.Chance(60)) s += rng_.Pick(kGiven);
    return s;
  }
  std::string NameEn() {
    if (rng_.Chance(30)) return rng_.Pick(kPinyinSurname) + " " + rng_.Pick(kPinyinGiven);
    return rng_.Pick(kEnFirst) + " " + rng_.Pick(kEnLast);
  }
  std::string AddressZh() {
    const Area& a = rng_.Pick(areas_);
    std::string s;
    int level = rng_.Int(1, 100);
    if (level <= 35 && a.province != a.city)
      s += rng_.Chance(70) ? a.province : StripSuffix(StripSuffix(a.province, "省"), "市");
    if (level <= 80 && a.city != "市辖区" && a.city != "县" && !a.city.empty()) {
      s += rng_.Chance(60) ? a.city : StripSuffix(a.city, "市");
    }
    s += a.name;
    s += rng_.Pick(kRoadChars) + rng_.Pick(kRoadChars) + rng_.Pick(kRoadSuffix);
    s += std::to_string(rng_.Int(1, 999)) + "号";
    if (rng_.Chance(50)) {
      s += rng_.Pick(kEstateName) + rng_.Pick(kEstate);
      s += std::to_string(rng_.Int(1, 30)) + (rng_.Chance(50) ? "栋" : "幢");
      if (rng_.Chance(50)) s += std::to_string(rng_.Int(1, 6)) + "单元";
      s += std::to_string(rng_.Int(1, 32)) + "0" + std::to_string(rng_.Int(1, 8)) + "室";
    }
    return s;
  }
  std::string AddressShort() {  // no divisions: road + number or estate + units
    if (rng_.Chance(50)) {
      return rng_.Pick(kRoadChars) + rng_.Pick(kRoadChars) + rng_.Pick(kRoadSuffix) +
             std::to_string(rng_.Int(1, 500)) + "号";
    }
    return rng_.Pick(kEstateName) + rng_.Pick(kEstate) + std::to_string(rng_.Int(1, 20)) + "栋" +
           std::to_string(rng_.Int(1, 30)) + "0" + std::to_string(rng_.Int(1, 6)) + "室";
  }
  std::string AddressEn() {
    static const std::vector<std::string> kStreets = {
        "Oak Street",   "Maple Avenue", "Keyuan Road", "Park Lane",
        "Queen's Road", "Elm Drive",    "Nathan Road", "Sunset Boulevard"};
    static const std::vector<std::string> kCities = {"Springfield", "Shenzhen", "Hong Kong",
                                                     "Austin",      "Boston",   "Vancouver"};
    return std::to_string(rng_.Int(1, 2999)) + " " + rng_.Pick(kStreets) + ", " +
           rng_.Pick(kCities);
  }

  Rng& rng() { return rng_; }

 private:
  Rng rng_;
  std::vector<Area> areas_;
};

using Template = std::function<void(Generator&, Example&)>;

std::vector<Template> Templates() {
  std::vector<Template> t;
  // Customer service.
  t.push_back([](Generator& g, Example& e) {
    e.Add("客服工单：客户");
    e.Entity(g.NameZh(), "PERSON_NAME");
    e.Add("来电反映" + g.rng().Pick(kIssues) + "，联系电话");
    e.Entity(g.Mobile(), "CN_MOBILE");
    e.Add("，身份证号");
    e.Entity(g.ResidentId(), "CN_RESIDENT_ID");
    e.Add("，订单号" + g.OrderNumber() + "，已转二线处理。");
  });
  t.push_back([](Generator& g, Example& e) {
    e.Add("【工单#" + g.rng().Digits(6) + "】用户");
    e.Entity(g.NameZh(), "PERSON_NAME");
    e.Add("（手机：");
    e.Entity(g.Mobile(), "CN_MOBILE");
    e.Add("）称银行卡");
    e.Entity(g.BankCard(), "BANK_CARD");
    e.Add("被重复扣款" + g.Amount() + "，请财务核实。");
  });
  t.push_back([](Generator& g, Example& e) {
    e.Add("您好，我是");
    e.Entity(g.NameZh(), "PERSON_NAME");
    e.Add("，上周买的东西还没到，运单号" + g.Tracking() + "，麻烦查一下，电话");
    e.Entity(g.Mobile(), "CN_MOBILE");
    e.Add(g.rng().Chance(50) ? "😀" : "🙏");
  });
  // HR.
  t.push_back([](Generator& g, Example& e) {
    e.Add("新员工");
    e.Entity(g.NameZh(), "PERSON_NAME");
    e.Add("，");
    e.Entity(g.rng().Chance(50) ? "男" : "女", "GENDER");
    e.Add("，");
    e.Entity(std::to_string(g.rng().Int(20, 58)) + "岁", "AGE");
    e.Add("，");
    e.Entity(g.rng().Pick(kEthnic), "ETHNICITY");
    e.Add("，身份证");
    e.Entity(g.ResidentId(), "CN_RESIDENT_ID");
    e.Add("，现住址");
    e.Entity(g.AddressZh(), "ADDRESS");
    e.Add("，工资卡");
    e.Entity(g.BankCard(), "BANK_CARD");
    e.Add("。");
  });
  t.push_back([](Generator& g, Example& e) {
    e.Add("HR备注：");
    e.Entity(g.NameZh(), "PERSON_NAME");
    e.Add("申请调岗，紧急联系人");
    e.Entity(g.NameZh(), "PERSON_NAME");
    e.Add("，电话");
    e.Entity(g.Landline(), "PHONE_NUMBER");
    e.Add("，邮箱");
    e.Entity(g.Email(""), "EMAIL_ADDRESS");
    e.Add("。");
  });
  t.push_back([](Generator& g, Example& e) {
    e.Entity(g.NameZh(), "PERSON_NAME");
    e.Add("出生日期：");
    e.Entity(g.DobZh(), "DATE_OF_BIRTH");
    e.Add("，宗教信仰：");
    e.Entity(g.rng().Pick(kReligion), "RELIGION");
    e.Add("，入职时间2024-0" + std::to_string(g.rng().Int(1, 9)) + "-15。");
  });
  // Medical.
  t.push_back([](Generator& g, Example& e) {
    e.Add("患者");
    e.Entity(g.NameZh(), "PERSON_NAME");
    e.Add("，");
    e.Entity(g.rng().Chance(50) ? "男" : "女", "GENDER");
    e.Add("，");
    e.Entity(std::to_string(g.rng().Int(18, 90)) + "岁", "AGE");
    e.Add("，主诉头晕三天，既往");
    e.Entity(g.rng().Pick(kHealthZh), "HEALTH");
    e.Add("病史，诊断：");
    e.Entity(g.rng().Pick(kIcd), "HEALTH");
    e.Add("，予");
    e.Entity(g.rng().Pick(kDrugZh), "HEALTH");
    e.Add("口服。");
  });
  t.push_back([](Generator& g, Example& e) {
    e.Add("病人");
    e.Entity(g.NameZh(), "PERSON_NAME");
    e.Add("家属");
    e.Entity(g.NameZh(), "PERSON_NAME");
    e.Add("来电询问检查结果，回电");
    e.Entity(g.Mobile(), "CN_MOBILE");
    e.Add("，家庭住址");
    e.Entity(g.AddressZh(), "ADDRESS");
    e.Add("。");
  });
  // Chat and delivery.
  t.push_back([](Generator& g, Example& e) {
    e.Entity(g.NameZh(), "PERSON_NAME");
    e.Add("：我换号了，新号码");
    e.Entity(g.Mobile(), "CN_MOBILE");
    e.Add("，东西寄到");
    e.Entity(g.rng().Chance(50) ? g.AddressZh() : g.AddressShort(), "ADDRESS");
    e.Add("就行👌");
  });
  t.push_back([](Generator& g, Example& e) {
    e.Add("收件人：");
    e.Entity(g.NameZh(), "PERSON_NAME");
    e.Add(" ");
    e.Entity(g.Mobile(), "CN_MOBILE");
    e.Add(" ");
    e.Entity(g.AddressZh(), "ADDRESS");
    e.Add("，运单号" + g.Tracking() + "，时间戳" + g.Timestamp());
  });
  // IT and devices.
  t.push_back([](Generator& g, Example& e) {
    e.Add("安全日志：用户");
    e.Entity(g.NameZh(), "PERSON_NAME");
    e.Add("于2026-11-0" + std::to_string(g.rng().Int(1, 9)) + "从IP ");
    e.Entity(g.Ipv4(), "IP_ADDRESS");
    e.Add(":" + std::to_string(g.rng().Int(1024, 65535)) + "登录，设备MAC ");
    e.Entity(g.Mac(), "MAC_ADDRESS");
    e.Add("，IMEI ");
    e.Entity(g.Imei(), "IMEI");
    e.Add("，客户端版本v2." + std::to_string(g.rng().Int(0, 9)) + ".3.1");
  });
  // Travel and vehicles.
  t.push_back([](Generator& g, Example& e) {
    e.Entity(g.NameZh(), "PERSON_NAME");
    e.Add("的护照号码");
    e.Entity("E" + g.rng().Digits(8), "CN_PASSPORT");
    e.Add("，港澳通行证");
    e.Entity("C" + g.rng().Digits(8), "CN_HMT_PERMIT");
    e.Add("，车牌");
    e.Entity(g.Plate(), "CN_LICENSE_PLATE");
    e.Add("，定位");
    e.Entity(g.Gps(), "GPS_COORDINATE");
  });
  // Organisations and accounts.
  t.push_back([](Generator& g, Example& e) {
    e.Add("供应商统一社会信用代码");
    e.Entity(g.Uscc(), "CN_USCC");
    e.Add("，对公账户IBAN ");
    e.Entity(g.Iban(), "IBAN");
    e.Add("，合同金额" + g.Amount() + "，发票号码" + g.rng().Digits(8) + "。");
  });
  // Masked values and decoys only.
  t.push_back([](Generator& g, Example& e) {
    e.Add("已脱敏：身份证号");
    e.Entity(g.MaskedId(), "CN_RESIDENT_ID:masked");
    e.Add("，手机尾号");
    e.Entity(g.MaskedMobile(), "CN_MOBILE:masked");
    e.Add("，订单" + g.OrderNumber() + "已发货，实付" + g.Amount() + "。");
  });
  t.push_back([](Generator& g, Example& e) {
    e.Add("订单号：" + g.OrderNumber() + "，下单时间戳" + g.Timestamp() + "，快递单号" +
          g.Tracking() + "，金额" + g.Amount() + "，会议定于2026年12月" +
          std::to_string(g.rng().Int(1, 28)) + "日召开。");
  });
  // English.
  t.push_back([](Generator& g, Example& e) {
    e.Add("Ticket #" + g.rng().Digits(5) + ": customer ");
    std::string name = g.NameEn();
    e.Entity(name, "PERSON_NAME");
    e.Add(" (");
    e.Entity(g.Email(name.substr(0, name.find(' '))), "EMAIL_ADDRESS");
    e.Add(") called from ");
    e.Entity(g.Mobile(), "CN_MOBILE");
    e.Add(" about a refund on card ");
    e.Entity(g.BankCard(), "BANK_CARD");
    e.Add(". Order " + g.OrderNumber() + " total $" + std::to_string(g.rng().Int(10, 999)) + ".99");
  });
  t.push_back([](Generator& g, Example& e) {
    e.Add("Patient ");
    e.Entity(g.NameEn(), "PERSON_NAME");
    e.Add(", DOB ");
    e.Entity(g.DobEn(), "DATE_OF_BIRTH");
    e.Add(", diagnosed with ");
    e.Entity(g.rng().Pick(kHealthEn), "HEALTH");
    e.Add(", prescribed ");
    e.Entity(g.rng().Pick(kDrugEn), "HEALTH");
    e.Add(".");
  });
  t.push_back([](Generator& g, Example& e) {
    e.Add("Please ship to ");
    e.Entity(g.NameEn(), "PERSON_NAME");
    e.Add(", ");
    e.Entity(g.AddressEn(), "ADDRESS");
    e.Add(". Tracking " + g.Tracking() + ", login from ");
    e.Entity(g.Ipv4(), "IP_ADDRESS");
    e.Add(".");
  });
  t.push_back([](Generator& g, Example& e) {
    e.Add("我的手机是");
    e.Entity(g.Mobile(), "CN_MOBILE");
    e.Add("，邮箱");
    e.Entity(g.Email(""), "EMAIL_ADDRESS");
    e.Add("，有事找我");
    e.Entity(g.NameZh(), "PERSON_NAME");
    e.Add("就行。");
  });
  return t;
}

int Synthetic(uint64_t seed, int count) {
  Generator g(seed, LoadAreas(xb::LocateDataDir()));
  std::vector<Template> templates = Templates();
  for (int i = 0; i < count; ++i) {
    Example e;
    templates[g.rng().Next() % templates.size()](g, e);
    std::printf("%s\n", e.Json().c_str());
  }
  return 0;
}

// Hand-written markup: one example per line, entities as [[text|TYPE]]; '#' lines are comments.
int Markup(const std::string& path, bool test_split) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "quality_data_tool: cannot open %s\n", path.c_str());
    return 2;
  }
  std::string line;
  int line_no = 0;
  int example_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    const bool is_test = ++example_no % 2 == 0;
    Example e;
    size_t pos = 0;
    while (pos < line.size()) {
      size_t open = line.find("[[", pos);
      if (open == std::string::npos) {
        e.Add(std::string_view(line).substr(pos));
        break;
      }
      e.Add(std::string_view(line).substr(pos, open - pos));
      size_t bar = line.find('|', open);
      size_t close = line.find("]]", open);
      if (bar == std::string::npos || close == std::string::npos || bar > close) {
        std::fprintf(stderr, "quality_data_tool: %s:%d: unbalanced [[text|TYPE]]\n", path.c_str(),
                     line_no);
        return 2;
      }
      e.Entity(std::string_view(line).substr(open + 2, bar - open - 2),
               line.substr(bar + 1, close - bar - 1));
      pos = close + 2;
    }
    if (is_test == test_split) std::printf("%s\n", e.Json().c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "synthetic") {
    return Synthetic(std::strtoull(argv[2], nullptr, 10), std::atoi(argv[3]));
  }
  if (argc == 4 && std::string(argv[1]) == "markup") {
    return Markup(argv[2], std::string(argv[3]) == "test");
  }
  std::fprintf(stderr,
               "usage: quality_data_tool synthetic SEED COUNT | markup FILE.txt dev|test\n");
  return 2;
}
