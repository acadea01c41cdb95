// Writes the synthetic datasets: the bundled examples (examples/data) and the scan benchmark's
// large CSV. Deterministic: the same command always writes the same bytes.
//
//   gen_dataset_tool examples OUT_DIR   # examples/data: HR, orders, GB18030 members, JSONL
//                                       # events, support tickets with free text
//   gen_dataset_tool bench OUT.csv MB   # ~MB megabytes, ~20 columns of the detector kinds
//   gen_dataset_tool people OUT.csv N   # N people in 7 columns (issue #17's table: name,
//                                       # resident ID, mobile, e-mail, city, amount, a short
//                                       # Chinese note); 2,000,000 people make ~219 MB
#include <iconv.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "core/locations.h"
#include "synthetic_people.h"

namespace {

using xb::synth::CsvLine;
using xb::synth::PeopleFactory;
using xb::synth::Person;

bool WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  return static_cast<bool>(out);
}

std::string ToGb18030(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* dst = out.data();
  size_t dst_left = out.size();
  iconv(cd, &in, &in_left, &dst, &dst_left);
  iconv_close(cd);
  out.resize(out.size() - dst_left);
  return out;
}

std::string Json(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// 3,000 employees of a company with offices in China.
std::string HrEmployees(PeopleFactory& f) {
  static const std::vector<std::string> kDepartments = {"研发部",     "销售部", "财务部",
                                                        "人力资源部", "市场部", "运营部"};
  std::string csv =
      CsvLine({"employee_id", "name", "gender", "ethnicity", "religion", "resident_id", "mobile",
               "email", "bank_card", "diagnosis", "salary", "hire_date", "department"});
  auto& r = f.rng();
  for (int i = 0; i < 3000; ++i) {
    Person p = f.Make(1965, 2003);
    char id[16];
    std::snprintf(id, sizeof id, "E%06d", 100000 + i);
    csv += CsvLine({id, p.name, p.male ? "男" : "女", f.Ethnicity(), f.Religion(), p.resident_id,
                    p.mobile, p.email, f.BankCard(), f.Diagnosis(),
                    std::to_string(r.Between(60, 600) * 100), f.Date(2005, 2025),
                    r.Pick(kDepartments)});
  }
  return csv;
}

// 5,000 orders by 1,800 customers, with decoy columns: random 18-digit order numbers, courier
// tracking numbers, 17/19-digit serials starting with 62 that fail Luhn, and amounts.
std::string CustomerOrders(PeopleFactory& f) {
  std::vector<Person> customers;
  std::vector<std::string> cards;
  auto& r = f.rng();
  for (int i = 0; i < 1800; ++i) {
    // About 4% are children's accounts (born 2013-2020): minors under 14.
    customers.push_back(r.Chance(0.04) ? f.Make(2013, 2020) : f.Make(1950, 2005));
    cards.push_back(f.BankCard());
  }
  std::string csv = CsvLine({"order_no", "order_time", "customer_name", "customer_mobile",
                             "id_card_no", "shipping_address", "tracking_no", "amount",
                             "payment_card", "device_serial", "client_ip"});
  for (int i = 0; i < 5000; ++i) {
    size_t c = r.Below(customers.size());
    const Person& p = customers[c];
    char time[32];
    std::snprintf(time, sizeof time, "2026-%02d-%02d %02d:%02d:%02d", r.Between(1, 10),
                  r.Between(1, 28), r.Between(0, 23), r.Between(0, 59), r.Between(0, 59));
    std::string tracking =
        r.Chance(0.5) ? "SF" + xb::synth::Digits(r, 12) : "YT" + xb::synth::Digits(r, 13);
    csv += CsvLine({f.OrderNumber(), time, p.name, f.FormatMobile(p.mobile), p.resident_id,
                    f.Address(p), tracking,
                    std::to_string(r.Between(1, 20000)) + "." + std::to_string(r.Between(10, 99)),
                    cards[c], f.SerialStarting62(), f.Ipv4()});
  }
  return csv;
}

// 800 loyalty-programme members, as a legacy system exports them: GB18030, Chinese headers.
std::string MembersGb18030(PeopleFactory& f) {
  auto& r = f.rng();
  std::string csv =
      CsvLine({"会员号", "姓名", "性别", "手机号码", "身份证号码", "民族", "住址", "备注"});
  static const std::vector<std::string> kNotes = {"", "", "金卡会员", "请勿来电, 短信联系",
                                                  "已核实身份"};
  for (int i = 0; i < 800; ++i) {
    Person p = f.Make(1945, 2006);
    csv += CsvLine({"M" + std::to_string(880000 + i), p.name, p.male ? "男" : "女", p.mobile,
                    p.resident_id, f.Ethnicity(), f.Address(p), r.Pick(kNotes)});
  }
  return ToGb18030(csv);
}

// 2,000 app events, JSON Lines with nested objects and arrays.
std::string AppEvents(PeopleFactory& f) {
  auto& r = f.rng();
  std::vector<Person> users;
  std::vector<std::string> imeis, macs;
  for (int i = 0; i < 400; ++i) {
    users.push_back(f.Make(1970, 2008));
    imeis.push_back(f.Imei());
    macs.push_back(f.Mac());
  }
  static const std::vector<std::string> kEvents = {"login", "view_item", "add_to_cart", "pay",
                                                   "logout"};
  std::string out;
  for (int i = 0; i < 2000; ++i) {
    size_t u = r.Below(users.size());
    const Person& p = users[u];
    char ts[40], geo[48];
    std::snprintf(ts, sizeof ts, "2026-10-%02dT%02d:%02d:%02d+08:00", r.Between(1, 31),
                  r.Between(0, 23), r.Between(0, 59), r.Between(0, 59));
    std::snprintf(geo, sizeof geo, "%.6f,%.6f", 22.0 + r.Below(1800000) / 100000.0,
                  103.0 + r.Below(1800000) / 100000.0);
    out += "{\"event_id\":\"evt-" + std::to_string(100000 + i) + "\",\"ts\":\"" + ts +
           "\",\"event\":" + Json(r.Pick(kEvents)) + ",\"user\":{\"id\":\"u" +
           std::to_string(10000 + u) + "\",\"name\":" + Json(p.name) +
           ",\"phone\":" + Json(f.FormatMobile(p.mobile)) + ",\"email\":" + Json(p.email) +
           "},\"device\":{\"ip\":" + Json(f.Ipv4()) + ",\"mac\":" + Json(macs[u]) +
           ",\"imei\":" + Json(imeis[u]) + "},\"location\":" + Json(geo) + ",\"tags\":[\"app\",\"" +
           (r.Chance(0.3) ? "vip" : "regular") + "\"]}\n";
  }
  return out;
}

// 1,000 customer-service tickets whose `content` is free text written by agents: names, phones
// (some already masked), resident IDs, addresses, diagnoses and Latin names inside sentences,
// and sentences holding nothing personal. Scan finds these with the text detector.
std::string SupportTickets(PeopleFactory& f) {
  static const std::vector<std::string> kChannels = {"电话", "在线客服", "邮件", "App"};
  static const std::vector<std::string> kLatinNames = {"Emily Carter",    "James Whitfield",
                                                       "Sofia Lindqvist", "Lucas Moreau",
                                                       "Hannah Becker",   "Oliver Grant"};
  auto& r = f.rng();
  std::string csv = CsvLine({"ticket_id", "opened_at", "customer_mobile", "channel", "content"});
  for (int i = 0; i < 1000; ++i) {
    Person p = f.Make(1950, 2005);
    std::string content;
    switch (r.Below(8)) {
      case 0:
        content = "客户" + p.name + "来电反映快递三天未送达，联系电话" + f.FormatMobile(p.mobile);
        break;
      case 1:
        content = "用户反馈实名认证失败，身份证号" + p.resident_id + "，已转人工审核";
        break;
      case 2: {
        std::string diagnosis;
        while (diagnosis.empty()) diagnosis = f.Diagnosis();
        content = p.name + "的家属咨询" + diagnosis + "住院费用的报销流程";
        break;
      }
      case 3:
        content = "要求改送货地址：" + f.Address(p);
        break;
      case 4:
        content = "物流延误，已补偿优惠券一张";
        break;
      case 5:
        content = "Customer " + r.Pick(kLatinNames) + " asked to change the delivery date, call " +
                  p.mobile;
        break;
      case 6:
        content = "请勿来电，短信联系尾号" + p.mobile.substr(0, 3) + "****" + p.mobile.substr(7);
        break;
      default:
        content = "退款已原路返回至尾号" + p.mobile.substr(7) + "的银行卡";
    }
    char time[32];
    std::snprintf(time, sizeof time, "2026-%02d-%02d %02d:%02d", r.Between(1, 10), r.Between(1, 28),
                  r.Between(0, 23), r.Between(0, 59));
    csv +=
        CsvLine({"T" + std::to_string(2026000000 + i), time, p.mobile, r.Pick(kChannels), content});
  }
  return csv;
}

// One row of issue #17's table. Notes are short phrases; one in ten names a contact person
// or a mobile, so the free-text detector finds something.
std::vector<std::string> PeopleRow(PeopleFactory& f) {
  static const std::vector<std::string> kNotes = {
      "老客户, 按月结算", "要求开具增值税发票", "周末不送货", "已电话回访",
      "合同续签中",       "地址变更待确认",     "优先发顺丰", "请勿在工作时间联系"};
  Person p = f.Make(1950, 2010);
  auto& r = f.rng();
  std::string note = r.Pick(kNotes);
  if (r.Chance(0.05)) note = "联系人" + f.ChineseName() + ", 请先致电";
  if (r.Chance(0.05)) note = "备用电话 " + f.Mobile();
  return {
      p.name,        p.resident_id,
      p.mobile,      p.email,
      p.region.city, std::to_string(r.Between(1, 99999)) + "." + std::to_string(r.Between(10, 99)),
      note};
}

int Usage() {
  std::fprintf(stderr,
               "usage: gen_dataset_tool examples OUT_DIR\n"
               "       gen_dataset_tool bench OUT.csv MEGABYTES\n"
               "       gen_dataset_tool people OUT.csv COUNT\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return Usage();
  std::string mode = argv[1];
  auto regions = xb::synth::LoadRegions(xb::SourceTreeDir() + "/data");
  if (regions.empty()) {
    std::fprintf(stderr, "gen_dataset_tool: cannot read data/cn-admin-divisions\n");
    return 2;
  }
  if (mode == "examples") {
    std::string dir = argv[2];
    PeopleFactory f(20261122, regions);
    bool ok = WriteText(dir + "/hr_employees.csv", HrEmployees(f)) &&
              WriteText(dir + "/customer_orders.csv", CustomerOrders(f)) &&
              WriteText(dir + "/members_gb18030.csv", MembersGb18030(f)) &&
              WriteText(dir + "/app_events.jsonl", AppEvents(f)) &&
              WriteText(dir + "/support_tickets.csv", SupportTickets(f));
    if (!ok) std::fprintf(stderr, "gen_dataset_tool: cannot write under %s\n", dir.c_str());
    return ok ? 0 : 1;
  }
  if (mode == "bench" && argc == 4) {
    uint64_t target = std::strtoull(argv[3], nullptr, 10) << 20;
    PeopleFactory f(7, regions);
    std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
    std::string chunk = CsvLine(xb::synth::BenchHeader());
    uint64_t written = 0;
    for (uint64_t i = 0; written < target; ++i) {
      chunk += CsvLine(xb::synth::BenchRow(f, i));
      if (chunk.size() >= (1 << 20)) {
        out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        written += chunk.size();
        chunk.clear();
      }
    }
    out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    return out ? 0 : 1;
  }
  if (mode == "people" && argc == 4) {
    uint64_t count = std::strtoull(argv[3], nullptr, 10);
    PeopleFactory f(17, regions);
    std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
    std::string chunk =
        CsvLine({"name", "resident_id", "mobile", "email", "city", "amount", "note"});
    for (uint64_t i = 0; i < count; ++i) {
      chunk += CsvLine(PeopleRow(f));
      if (chunk.size() >= (1 << 20)) {
        out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        chunk.clear();
      }
    }
    out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    return out ? 0 : 1;
  }
  return Usage();
}
