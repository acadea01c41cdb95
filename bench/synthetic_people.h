// Deterministic synthetic personal data for the bundled examples (examples/data) and the scan
// benchmark: PRC resident IDs with valid check characters over real GB/T 2260 county codes,
// mobiles, e-mails, bank cards passing Luhn, passports, plates, IMEIs, names, ethnic groups,
// religions, diagnoses, and decoys (random 18-digit order numbers, serials starting with 62
// that fail Luhn). Every value is invented; a fixed seed makes the output reproducible.
#ifndef XBORDER_BENCH_SYNTHETIC_PEOPLE_H_
#define XBORDER_BENCH_SYNTHETIC_PEOPLE_H_

#include <array>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace xb::synth {

// SplitMix64: tiny, fast, and the same sequence on every platform.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint64_t Below(uint64_t n) { return Next() % n; }
  int Between(int lo, int hi) { return lo + static_cast<int>(Below(hi - lo + 1)); }
  bool Chance(double p) { return static_cast<double>(Next() >> 11) * 0x1.0p-53 < p; }
  template <class T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }

 private:
  uint64_t state_;
};

struct Region {
  std::string code;      // 6-digit county code
  std::string province;  // 广东省
  std::string city;      // 深圳市
  std::string county;    // 南山区
};

// Reads GB/T 2260 county codes and names from <data_dir>/cn-admin-divisions.
inline std::vector<Region> LoadRegions(const std::string& data_dir) {
  auto read = [](const std::string& path) {
    std::vector<std::vector<std::string>> rows;
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::vector<std::string> f(1);
      for (char c : line) {
        if (c == ',') {
          f.emplace_back();
        } else if (c != '"' && c != '\r') {
          f.back() += c;
        }
      }
      rows.push_back(f);
    }
    return rows;
  };
  std::string base = data_dir + "/cn-admin-divisions/";
  std::vector<std::pair<std::string, std::string>> provinces, cities;
  for (auto& r : read(base + "provinces.csv")) provinces.emplace_back(r[0], r[1]);
  for (auto& r : read(base + "cities.csv")) cities.emplace_back(r[0], r[1]);
  auto find = [](const auto& v, const std::string& code) {
    for (auto& [c, n] : v) {
      if (c == code) return n;
    }
    return std::string();
  };
  std::vector<Region> regions;
  for (auto& r : read(base + "areas.csv")) {
    if (r.size() < 4 || r[0].size() != 6) continue;
    std::string city = find(cities, r[2]);
    std::string province = find(provinces, r[3]);
    if (city == "市辖区" || city == "县") city = province;
    regions.push_back({r[0], province, city, r[1]});
  }
  return regions;
}

inline char ResidentIdCheck(std::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return "10X98765432"[sum % 11];
}

inline char LuhnCheck(std::string_view payload) {
  int sum = 0;
  bool twice = true;  // the digit left of the check digit is doubled
  for (size_t i = payload.size(); i-- > 0;) {
    int d = payload[i] - '0';
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

inline bool PassesLuhn(std::string_view number) {
  return LuhnCheck(number.substr(0, number.size() - 1)) == number.back();
}

inline std::string Digits(Rng& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += static_cast<char>('0' + rng.Below(10));
  return s;
}

struct Person {
  std::string name;
  bool male = true;
  int birth_year = 1980, birth_month = 1, birth_day = 1;
  std::string resident_id;
  std::string mobile;  // 11 digits
  std::string email;
  Region region;
};

class PeopleFactory {
 public:
  PeopleFactory(uint64_t seed, std::vector<Region> regions)
      : rng_(seed), regions_(std::move(regions)) {}

  Rng& rng() { return rng_; }

  Person Make(int min_year, int max_year) {
    Person p;
    p.male = rng_.Chance(0.5);
    p.name = ChineseName();
    p.birth_year = rng_.Between(min_year, max_year);
    p.birth_month = rng_.Between(1, 12);
    p.birth_day = rng_.Between(1, 28);
    p.region = rng_.Pick(regions_);
    char body[18];
    int seq = rng_.Between(0, 499) * 2 + (p.male ? 1 : 0);
    std::snprintf(body, sizeof body, "%s%04d%02d%02d%03d", p.region.code.c_str(), p.birth_year,
                  p.birth_month, p.birth_day, seq);
    p.resident_id = std::string(body, 17) + ResidentIdCheck(body);
    p.mobile = Mobile();
    p.email = Email(p);
    return p;
  }

  std::string ChineseName() {
    static const std::vector<std::string> kSurnames = {
        "王", "李", "张", "刘", "陈", "杨",   "黄",   "赵",   "吴",  "周", "徐", "孙", "马",
        "朱", "胡", "郭", "何", "高", "林",   "罗",   "郑",   "梁",  "谢", "宋", "唐", "许",
        "韩", "冯", "邓", "曹", "彭", "曾",   "肖",   "田",   "董",  "袁", "潘", "蒋", "蔡",
        "余", "杜", "叶", "程", "苏", "魏",   "吕",   "丁",   "任",  "沈", "姚", "卢", "姜",
        "崔", "钟", "谭", "陆", "汪", "范",   "金",   "石",   "廖",  "贾", "夏", "韦", "方",
        "白", "邹", "孟", "熊", "秦", "欧阳", "司马", "诸葛", "上官"};
    static const std::vector<std::string> kGiven = {
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
        "涛", "明", "超", "兰", "霞", "平", "刚", "华", "玉", "萍", "红", "玲", "芬", "飞",
        "鑫", "波", "斌", "宇", "浩", "凯", "健", "俊", "帆", "旭", "宁", "龙", "林", "欣",
        "怡", "佳", "琪", "嘉", "雨", "婷", "晨", "思", "梓", "子", "轩", "涵", "博", "文"};
    std::string name = rng_.Pick(kSurnames) + rng_.Pick(kGiven);
    if (rng_.Chance(0.6)) name += rng_.Pick(kGiven);
    return name;
  }

  std::string Mobile() {
    static const std::vector<std::string> kPrefixes = {
        "130", "131", "132", "133", "135", "136", "137", "138", "139", "147", "150", "151",
        "152", "153", "155", "156", "157", "158", "159", "166", "173", "177", "180", "181",
        "182", "183", "185", "186", "187", "188", "189", "191", "198", "199"};
    return rng_.Pick(kPrefixes) + Digits(rng_, 8);
  }

  // A mobile as people type it: plain, +86, 0086, with dashes or spaces.
  std::string FormatMobile(const std::string& m) {
    switch (rng_.Below(6)) {
      case 0:
        return "+86 " + m;
      case 1:
        return m.substr(0, 3) + "-" + m.substr(3, 4) + "-" + m.substr(7);
      case 2:
        return "0086" + m;
      case 3:
        return m.substr(0, 3) + " " + m.substr(3, 4) + " " + m.substr(7);
      default:
        return m;
    }
  }

  std::string Email(const Person& p) {
    // Reserved names only (RFC 2606 .example, example.cn): a synthetic local part at a real
    // provider's domain could be somebody's real address.
    static const std::vector<std::string> kDomains = {"qq.example",    "163.example",
                                                      "126.example",   "gmail.example",
                                                      "outlook.example", "example.cn"};
    static const std::vector<std::string> kWords = {"sunny", "tiger", "happy", "river", "cloud",
                                                    "lucky", "star",  "moon",  "panda", "blue"};
    std::string local =
        rng_.Pick(kWords) + std::to_string(p.birth_year % 100) + std::to_string(rng_.Below(1000));
    return local + "@" + rng_.Pick(kDomains);
  }

  // UnionPay (62, 16 or 19 digits) or Visa/Mastercard (16 digits), Luhn-valid.
  std::string BankCard() {
    std::string payload;
    switch (rng_.Below(4)) {
      case 0:
        payload = "4" + Digits(rng_, 14);
        break;
      case 1:
        payload = "5" + std::to_string(rng_.Between(1, 5)) + Digits(rng_, 13);
        break;
      case 2:
        payload = "62" + Digits(rng_, 16);
        break;
      default:
        payload = "62" + Digits(rng_, 13);
        break;
    }
    return payload + LuhnCheck(payload);
  }

  // Decoy: an 18-digit order number, random, so about 1 in 10 passes Luhn by chance.
  std::string OrderNumber() { return std::to_string(rng_.Between(1, 9)) + Digits(rng_, 17); }

  // Decoy: a 17- or 19-digit device serial starting with 62 that fails Luhn.
  std::string SerialStarting62() {
    std::string s;
    do {
      s = "62" + Digits(rng_, rng_.Chance(0.5) ? 15 : 17);
    } while (PassesLuhn(s));
    return s;
  }

  std::string Passport() {
    return rng_.Chance(0.7)
               ? "E" + Digits(rng_, 8)
               : "E" + std::string(1, static_cast<char>('A' + rng_.Below(8))) + Digits(rng_, 7);
  }

  std::string Imei() {
    std::string payload = "35" + Digits(rng_, 12);
    return payload + LuhnCheck(payload);
  }

  std::string Ipv4() {
    return std::to_string(rng_.Between(1, 223)) + "." + std::to_string(rng_.Below(256)) + "." +
           std::to_string(rng_.Below(256)) + "." + std::to_string(rng_.Between(1, 254));
  }

  std::string Mac() {
    static const char* kHex = "0123456789ABCDEF";
    std::string s;
    for (int i = 0; i < 6; ++i) {
      if (i != 0) s += ':';
      s += kHex[rng_.Below(16)];
      s += kHex[rng_.Below(16)];
    }
    return s;
  }

  std::string Plate() {
    static const std::vector<std::string> kProvinces = {"京", "沪", "粤", "浙", "苏", "川", "鲁",
                                                        "豫", "鄂", "湘", "闽", "津", "渝", "皖"};
    static const char* kLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    std::string plate = rng_.Pick(kProvinces) + std::string(1, kLetters[rng_.Below(24)]);
    if (rng_.Chance(0.2)) return plate + (rng_.Chance(0.5) ? "D" : "F") + Digits(rng_, 5);
    for (int i = 0; i < 5; ++i) {
      plate +=
          rng_.Chance(0.3) ? kLetters[rng_.Below(24)] : static_cast<char>('0' + rng_.Below(10));
    }
    return plate;
  }

  std::string Address(const Person& p) {
    static const std::vector<std::string> kRoads = {"人民路", "解放路",   "中山路", "建设路",
                                                    "和平路", "科技园路", "新华街", "长江路"};
    std::string a = p.region.province;
    if (p.region.city != p.region.province) a += p.region.city;
    return a + p.region.county + rng_.Pick(kRoads) + std::to_string(rng_.Between(1, 999)) + "号" +
           std::to_string(rng_.Between(1, 30)) + "栋" + std::to_string(rng_.Between(101, 2808)) +
           "室";
  }

  std::string Ethnicity() {
    static const std::vector<std::string> kMinorities = {
        "壮族", "回族", "满族", "维吾尔族", "苗族", "彝族", "土家族", "藏族", "蒙古族", "朝鲜族"};
    return rng_.Chance(0.88) ? "汉族" : rng_.Pick(kMinorities);
  }

  std::string Religion() {
    static const std::vector<std::string> kReligions = {"佛教", "基督教", "伊斯兰教", "道教",
                                                        "天主教"};
    return rng_.Chance(0.75) ? "无宗教信仰" : rng_.Pick(kReligions);
  }

  // A diagnosis (Chinese term or ICD-10 code), or empty for no record.
  std::string Diagnosis() {
    static const std::vector<std::string> kTerms = {"高血压", "糖尿病", "2型糖尿病", "哮喘",
                                                    "乙肝",   "抑郁症", "冠心病",    "脂肪肝",
                                                    "胃炎",   "偏头痛", "焦虑症",    "肺炎"};
    static const std::vector<std::string> kCodes = {"I10",   "E11.9", "J45.9",
                                                    "K29.7", "F32.9", "M54.5"};
    if (rng_.Chance(0.35)) return "";
    return rng_.Chance(0.8) ? rng_.Pick(kTerms) : rng_.Pick(kCodes);
  }

  std::string Date(int min_year, int max_year) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", rng_.Between(min_year, max_year),
                  rng_.Between(1, 12), rng_.Between(1, 28));
    return buf;
  }

 private:
  Rng rng_;
  std::vector<Region> regions_;
};

// CSV quoting (RFC 4180) for generated values.
inline std::string CsvField(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

inline std::string CsvLine(const std::vector<std::string>& fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i != 0) line += ',';
    line += CsvField(fields[i]);
  }
  return line + "\n";
}

// The benchmark table: ~20 columns of the detector kinds, ~230 bytes per row.
inline std::vector<std::string> BenchHeader() {
  return {"id",        "name",      "gender",   "ethnicity", "resident_id", "mobile",  "email",
          "bank_card", "passport",  "plate",    "ip",        "mac",         "address", "diagnosis",
          "religion",  "hire_date", "order_no", "amount",    "imei",        "note"};
}

inline std::vector<std::string> BenchRow(PeopleFactory& f, uint64_t i) {
  Person p = f.Make(1950, 2020);
  Rng& r = f.rng();
  return {std::to_string(i),
          p.name,
          p.male ? "男" : "女",
          f.Ethnicity(),
          p.resident_id,
          p.mobile,
          p.email,
          f.BankCard(),
          f.Passport(),
          f.Plate(),
          f.Ipv4(),
          f.Mac(),
          f.Address(p),
          f.Diagnosis(),
          f.Religion(),
          f.Date(2000, 2025),
          f.OrderNumber(),
          std::to_string(r.Between(1, 99999)) + "." + std::to_string(r.Between(10, 99)),
          f.Imei(),
          r.Chance(0.5) ? "" : "客户要求尽快发货, 联系时间 9:00-18:00"};
}

}  // namespace xb::synth

#endif  // XBORDER_BENCH_SYNTHETIC_PEOPLE_H_
