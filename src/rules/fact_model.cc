#include "rules/fact_model.h"

namespace xb::rules {

const char* FactTypeName(FactType type) {
  switch (type) {
    case FactType::kBool:
      return "bool";
    case FactType::kCount:
      return "count";
    case FactType::kDate:
      return "date";
    case FactType::kEnum:
      return "enum";
    case FactType::kCountry:
      return "country";
    case FactType::kSet:
      return "set";
  }
  return "?";
}

FactModel::FactModel() {
  using T = FactType;
  const std::vector<std::string> kRoles = {"controller", "processor"};
  facts_ = {
      {kAsOf, "as_of", T::kDate, {}, "date of the transfer; the rules in force on it apply"},
      {kJurisdiction, "jurisdiction", T::kEnum, {"CN", "EU"}, "exporting jurisdiction"},
      {kExporterCiio,
       "exporter.ciio",
       T::kBool,
       {},
       "critical information infrastructure operator"},
      {kExporterStateOrgan,
       "exporter.state_organ",
       T::kBool,
       {},
       "state organ or body authorised to manage public affairs (PIPL Art. 36)"},
      {kExporterFtz,
       "exporter.ftz",
       T::kEnum,
       {"none", "tianjin", "beijing", "shanghai", "shanghai-lingang", "zhejiang", "hainan",
        "guangdong", "guangxi", "other"},
       "pilot free trade zone the exporter is registered in"},
      {kExporterIndividualsProcessed,
       "exporter.individuals_processed",
       T::kCount,
       {},
       "distinct individuals whose PI the exporter processes in total"},
      {kExporterRole, "exporter.role", T::kEnum, kRoles, "GDPR role of the exporter"},
      {kExporterSector,
       "exporter.sector",
       T::kEnum,
       {"automotive", "health", "finance", "credit_reporting", "genetic_resources", "mapping",
        "ride_hailing", "other"},
       "regulated sector whose own rules may make the data important or local (other: none)"},
      {kExporterOutsideChina,
       "exporter.outside_china",
       T::kBool,
       {},
       "a handler outside mainland China processing PI of individuals in China (PIPL Art. 3(2))"},
      {kExporterGbaCity,
       "exporter.gba_city",
       T::kBool,
       {},
       "registered in one of the nine mainland cities of the Greater Bay Area"},
      {kExporterPublicAuthority,
       "exporter.public_authority",
       T::kBool,
       {},
       "a public authority or body exercising public powers (GDPR Arts. 46(2)(a), 49(3))"},
      {kRecipientCountry, "recipient.country", T::kCountry, {}, "ISO 3166-1 alpha-2"},
      {kRecipientKind,
       "recipient.kind",
       T::kEnum,
       {"company", "individual", "foreign_authority", "international_organisation", "public_body"},
       "kind of recipient; foreign_authority = foreign judicial or law-enforcement body; "
       "public_body = another public authority or body"},
      {kRecipientRestrictedList,
       "recipient.restricted_list",
       T::kBool,
       {},
       "on the PIPL Art. 42 restricted or prohibited list"},
      {kRecipientDpfCertified,
       "recipient.dpf_certified",
       T::kBool,
       {},
       "US recipient certified under the EU-US Data Privacy Framework"},
      {kRecipientRole, "recipient.role", T::kEnum, kRoles,
       "role of the recipient: controller (PIPL: another handler, Art. 23) or processor "
       "(an entrusted party, Art. 21)"},
      {kRecipientOrganisation,
       "recipient.organisation",
       T::kEnum,
       {"european_patent_organisation", "other"},
       "which international organisation, when recipient.kind is international_organisation"},
      {kRecipientPrivacyShieldCertified,
       "recipient.privacy_shield_certified",
       T::kBool,
       {},
       "US recipient certified under the EU-US Privacy Shield (2016-2020)"},
      {kRecipientReciprocalMeasures,
       "recipient.reciprocal_measures",
       T::kBool,
       {},
       "the PRC has taken PIPL Art. 43 reciprocal measures against the recipient's country"},
      {kPurpose,
       "purpose",
       T::kEnum,
       {"contract_performance", "hr_management", "emergency", "international_trade",
        "academic_cooperation", "cross_border_transport", "manufacturing_marketing", "research",
        "marketing", "analytics", "statutory_duty", "other"},
       "purpose of the transfer"},
      {kApprovals,
       "approvals",
       T::kSet,
       {"competent_authority", "international_agreement"},
       "approvals obtained"},
      {kDerogation,
       "derogation",
       T::kEnum,
       {"none", "explicit_consent", "contract_with_subject", "contract_in_interest",
        "public_interest", "legal_claims", "vital_interests", "public_register",
        "compelling_legitimate_interests"},
       "GDPR Art. 49 derogation the exporter relies on"},
      {kDataPersonalInformation, "data.personal_information", T::kBool, {}, "any PI at all"},
      {kDataImportantData,
       "data.important_data",
       T::kBool,
       {},
       "notified or published as important data"},
      {kDataOnFtzNegativeList,
       "data.on_ftz_negative_list",
       T::kBool,
       {},
       "the data is on the exporter's FTZ negative list"},
      {kDataCollectedAbroad,
       "data.collected_abroad",
       T::kBool,
       {},
       "PI collected abroad, processed in China, sent back out"},
      {kDataDomesticDataAdded,
       "data.domestic_data_added",
       T::kBool,
       {},
       "domestic PI or important data mixed in during processing"},
      {kDataIndividuals,
       "data.individuals",
       T::kCount,
       {},
       "distinct individuals in this transfer whose non-sensitive PI is sent"},
      {kDataSensitiveIndividuals,
       "data.sensitive_individuals",
       T::kCount,
       {},
       "distinct individuals in this transfer whose sensitive PI is sent"},
      {kDataCategories,
       "data.categories",
       T::kSet,
       {"identity", "contact", "biometric", "health", "financial", "whereabouts", "religion",
        "specific_identity", "minors", "device_network", "organisation"},
       "PI categories sent"},
      {kDataSubjects,
       "data.subjects",
       T::kSet,
       {"employees", "job_applicants", "customers", "users", "patients", "students",
        "business_contacts", "public", "other"},
       "whose PI is sent"},
      {kDataIndividualsAreParties,
       "data.individuals_are_parties",
       T::kBool,
       {},
       "the individuals are themselves parties to the contract the transfer performs"},
      {kDataFtzSectorCovered,
       "data.ftz_sector_covered",
       T::kBool,
       {},
       "the data belongs to a sector or scenario the exporter's FTZ list covers"},
      {kHistoryIndividualsYtd,
       "history.individuals_ytd",
       T::kCount,
       {},
       "non-sensitive individuals sent since 1 January of as_of's year (counted paths)"},
      {kHistorySensitiveIndividualsYtd,
       "history.sensitive_individuals_ytd",
       T::kCount,
       {},
       "sensitive individuals sent since 1 January of as_of's year (counted paths)"},
      {kHistoryIndividualsSincePrevYear,
       "history.individuals_since_prev_year",
       T::kCount,
       {},
       "non-sensitive individuals sent since 1 January of the previous year"},
      {kHistorySensitiveIndividualsSincePrevYear,
       "history.sensitive_individuals_since_prev_year",
       T::kCount,
       {},
       "sensitive individuals sent since 1 January of the previous year"},
      {kOptionsCountExemptTransfers,
       "options.count_exempt_transfers",
       T::kBool,
       {},
       "history includes transfers made under an exemption (assess --count-exempt)"},
      {kExporterFtzListInForce,
       "exporter.ftz_list_in_force",
       T::kBool,
       {},
       "a negative list of the exporter's zone is in force on as_of (set from the FTZ packs' "
       "zones and dates; a plan does not state it)"},
      {kDecisionOutcome,
       "decision.outcome",
       T::kEnum,
       {"exempt", "mechanism_required", "prohibited", "undetermined"},
       "the decision (obligations and notices only)"},
      {kDecisionMechanisms,
       "decision.mechanisms",
       T::kSet,
       {"security_assessment", "standard_contract", "standard_contractual_clauses",
        "binding_corporate_rules", "code_of_conduct", "certification", "ad_hoc_clauses"},
       "mechanisms the decision allows (obligations and notices only)"},
      {kDecisionExemption,
       "decision.exemption",
       T::kEnum,
       {"none", "no_personal_information", "transit", "contract_performance", "hr_management",
        "emergency", "small_volume", "ftz_negative_list", "adequacy_decision"},
       "exemption the decision rests on (obligations and notices only)"},
  };
}

std::optional<FactId> FactModel::Find(std::string_view name) const {
  for (const auto& f : facts_) {
    if (f.name == name) return f.id;
  }
  return std::nullopt;
}

std::optional<int64_t> FactModel::SymbolIndex(int id, std::string_view symbol) const {
  const auto& vocab = facts_[id].vocabulary;
  for (size_t i = 0; i < vocab.size(); ++i) {
    if (vocab[i] == symbol) return static_cast<int64_t>(i);
  }
  return std::nullopt;
}

std::optional<int64_t> FactModel::AddSymbol(int id, std::string_view symbol) {
  if (id != kDecisionMechanisms && id != kDecisionExemption) return std::nullopt;
  if (auto existing = SymbolIndex(id, symbol)) return existing;
  auto& vocab = facts_[id].vocabulary;
  if (facts_[id].type == FactType::kSet && vocab.size() >= 64) return std::nullopt;
  vocab.emplace_back(symbol);
  return static_cast<int64_t>(vocab.size() - 1);
}

Interval FactModel::Unknown(int id) const {
  const FactInfo& f = facts_[id];
  switch (f.type) {
    case FactType::kBool:
      return {0, 1};
    case FactType::kCount:
      return {0, kCountMax};
    case FactType::kDate:
      return {std::numeric_limits<int64_t>::min(), kCountMax};
    case FactType::kEnum:
      return {0, static_cast<int64_t>(f.vocabulary.size()) - 1};
    case FactType::kCountry:
      return {0, 0xFFFF};
    case FactType::kSet: {
      uint64_t all =
          f.vocabulary.size() >= 64 ? ~uint64_t{0} : (uint64_t{1} << f.vocabulary.size()) - 1;
      return {0, static_cast<int64_t>(all)};
    }
  }
  return {0, 0};
}

std::vector<std::string> FactModel::Names() const {
  std::vector<std::string> names;
  for (const auto& f : facts_) names.push_back(f.name);
  return names;
}

std::optional<int64_t> EncodeCountry(std::string_view code) {
  if (code.size() != 2) return std::nullopt;
  for (char c : code) {
    if (c < 'A' || c > 'Z') return std::nullopt;
  }
  return (static_cast<int64_t>(code[0]) << 8) | code[1];
}

std::string DecodeCountry(int64_t value) {
  std::string s(2, '?');
  s[0] = static_cast<char>((value >> 8) & 0x7F);
  s[1] = static_cast<char>(value & 0x7F);
  return s;
}

}  // namespace xb::rules
