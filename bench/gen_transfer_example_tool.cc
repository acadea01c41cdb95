// Generates the bundled HR transfer example (examples/transfer/hr/): a Shanghai company's
// employee register and the employees' consent records for export to the German parent.
// Deterministic (fixed seed): re-running reproduces the committed files byte for byte.
//
//   build/bench/gen_transfer_example_tool [data_dir] [out_dir] [employees]
//
// Every person is invented (bench/synthetic_people.h): resident IDs carry valid check
// characters over real county codes, but belong to nobody.
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "core/locations.h"
#include "synthetic_people.h"

namespace {

constexpr const char* kRecipient = "Huaxin Holding GmbH";

struct Employee {
  xb::synth::Person person;
  std::string id;
};

void WriteEmployees(const std::string& path, const std::vector<Employee>& staff,
                    xb::synth::PeopleFactory& f) {
  using xb::synth::CsvLine;
  static const std::vector<std::string> kDepartments = {
      "财务部", "销售部", "物流部", "人力资源部", "信息技术部", "采购部", "客服中心"};
  static const std::vector<std::string> kTitles = {"专员", "主管", "经理", "高级经理", "总监"};
  std::ofstream out(path, std::ios::binary);
  out << CsvLine({"employee_no", "name", "gender", "id_card", "mobile", "email", "department",
                  "job_title", "hire_date", "monthly_salary_cny", "bank_card",
                  "sick_leave_diagnosis"});
  auto& rng = f.rng();
  for (const Employee& e : staff) {
    const auto& p = e.person;
    std::string diagnosis = rng.Chance(0.3) ? f.Diagnosis() : "";
    out << CsvLine({e.id, p.name, p.male ? "男" : "女", p.resident_id, f.FormatMobile(p.mobile),
                    p.email, rng.Pick(kDepartments), rng.Pick(kTitles), f.Date(2008, 2026),
                    std::to_string(rng.Between(60, 450) * 100), f.BankCard(), diagnosis});
  }
}

// Most employees consented separately, through the v3 notice naming the parent; a few did not,
// withdrew, or signed an old notice that misses the Art. 39 rights procedure.
void WriteConsents(const std::string& path, const std::vector<Employee>& staff,
                   xb::synth::PeopleFactory& f) {
  using xb::synth::CsvLine;
  std::ofstream out(path, std::ios::binary);
  out << CsvLine({"subject_id", "recipients", "purposes", "categories", "separate_consent",
                  "guardian_consent", "granted_at", "withdrawn_at", "notice.version",
                  "notice.recipient_name", "notice.recipient_contact", "notice.purpose",
                  "notice.method", "notice.categories", "notice.rights_procedure"});
  auto& rng = f.rng();
  for (const Employee& e : staff) {
    double roll = static_cast<double>(rng.Below(1000)) / 1000.0;
    if (roll < 0.04) continue;  // never answered the consent request
    bool separate = roll >= 0.06;
    std::string withdrawn = roll >= 0.06 && roll < 0.08 ? "2026-09-15" : "";
    bool old_notice = roll >= 0.08 && roll < 0.10;
    out << CsvLine(
        {e.person.resident_id, kRecipient, "hr_management", "identity;contact;financial;employment",
         separate ? "true" : "false", "false", f.Date(2024, 2025), withdrawn,
         old_notice ? "v2" : "v3", kRecipient, "privacy@huaxin-holding.example, +49 40 0000 0000",
         "group HR administration and payroll review",
         "storage and access in the "
         "group HR system, Hamburg",
         "identity, contact, salary and bank details",
         old_notice ? "" : "write to privacy@huaxin-holding.example or the DPO in Shanghai"});
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string data_dir = argc > 1 ? argv[1] : xb::SourceTreeDir() + "/data";
  std::string out_dir = argc > 2 ? argv[2] : xb::SourceTreeDir() + "/examples/transfer/hr";
  int count = argc > 3 ? std::atoi(argv[3]) : 3000;

  xb::synth::PeopleFactory f(20261122, xb::synth::LoadRegions(data_dir));
  std::vector<Employee> staff;
  for (int i = 0; i < count; ++i) {
    Employee e{f.Make(1965, 2003), ""};
    char id[16];
    std::snprintf(id, sizeof id, "SH%05d", i + 1);
    e.id = id;
    staff.push_back(std::move(e));
  }
  WriteEmployees(out_dir + "/employees.csv", staff, f);
  WriteConsents(out_dir + "/consents.csv", staff, f);
  std::printf("wrote %d employees to %s\n", count, out_dir.c_str());
  return 0;
}
