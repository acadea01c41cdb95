// LoadInputs (transfer_stages.h): everything the transfer needs besides the data, loaded
// before any dataset is read, so bad input stops the run before any work (exit 2).
//
// A dry run writes nothing at all: it reads the key without creating one, opens the ledger
// and the consent registry read-only when they exist, and leaves crash recovery to the next
// real transfer.
#include <algorithm>
#include <filesystem>

#include "consent/consent_store.h"
#include "core/atomic_file.h"
#include "core/crypto.h"
#include "core/key_file.h"
#include "detect/text/name_vetting.h"
#include "ledger/open_ledger.h"
#include "pg/url.h"
#include "registry/plan_recipient.h"
#include "seal/age_keys.h"
#include "transfer/package_recovery.h"
#include "transfer/transfer_resources.h"
#include "transfer/transfer_stages.h"

namespace xb::transfer {
namespace fs = std::filesystem;
namespace {

// `--seal-to`'s keys, then the registered recipient's key (DESIGN.md §12: a package for a
// recipient that registered a key is sealed for it without being asked), each once.
// Errors: kInvalidArgument naming the registry's recipient and field seal_key when the stored
// key is not an age X25519 recipient (the registry checked only its prefix when it was added).
Result<std::vector<seal::AgeRecipient>> SealRecipients(
    const std::vector<seal::AgeRecipient>& requested,
    const std::optional<registry::Recipient>& registered) {
  std::vector<seal::AgeRecipient> recipients = requested;
  if (!registered || registered->seal_key.empty()) return recipients;
  auto key = seal::ParseAgeRecipient(registered->seal_key);
  if (!key.ok()) {
    return InvalidArgument(
        "the registered recipient's key is not an age X25519 recipient: " + key.error().message,
        {"recipient " + registered->id, 0, "seal_key"});
  }
  if (std::find(recipients.begin(), recipients.end(), *key) == recipients.end()) {
    recipients.push_back(*key);
  }
  return recipients;
}

// The rules, the plan and what the plan says: bad input is reported here with its line.
Status LoadPlan(TransferContext& ctx) {
  const TransferOptions& options = ctx.options;
  TransferOutcome& o = ctx.outcome;
  if (options.resources != nullptr) {
    ctx.rules = options.resources->rules();
  } else {
    XB_ASSIGN_OR_RETURN(ctx.rules, rules::LoadRulesContext(options.rules_dir));
  }
  std::vector<rules::PlanWarning> plan_warnings;
  XB_ASSIGN_OR_RETURN(
      ctx.plan, rules::LoadPlanFile(options.plan_path, &ctx.rules->countries, &plan_warnings));
  // Read from one place, perhaps resolved in another: every relative path is resolved against
  // plan.file's folder, and errors name it.
  ctx.plan.file = PlanFileIn(options.plan_folder, options.plan_path);
  const rules::Plan& plan = ctx.plan;
  for (const auto& w : plan_warnings) {
    o.warnings.push_back(plan.file + ":" + std::to_string(w.line) + ": " + w.message);
  }
  XB_ASSIGN_OR_RETURN(std::string plan_text, ReadFile(options.plan_path));
  o.plan_sha256 = ToHex(Sha256(plan_text));
  o.as_of = options.as_of ? *options.as_of : plan.as_of.value_or(CivilDate::TodayInChina());
  // `recipient: {id: R}`: the registry fills in the recipient facts the plan leaves out.
  XB_ASSIGN_OR_RETURN(ctx.registered, registry::ResolvePlanRecipient(&ctx.plan, options.db_path,
                                                                     options.key_path, o.as_of));
  XB_ASSIGN_OR_RETURN(ctx.seal_to, SealRecipients(options.seal_to, ctx.registered));
  if (plan.datasets.empty()) {
    return InvalidArgument("the plan lists no datasets to transfer (data.datasets)",
                           {plan.file, plan.LineOf("data"), "data.datasets"});
  }
  if (plan.consent) {
    XB_ASSIGN_OR_RETURN(o.consent_mode,
                        ParseConsentMode(plan.consent->yaml, plan.file, plan.consent->line));
  }
  XB_ASSIGN_OR_RETURN(ctx.dataset_names,
                      NameDatasets(plan.file, plan.LineOf("data"), plan.datasets));
  if (options.consent_override) o.consent_mode = *options.consent_override;
  if (plan.mechanism) {
    XB_ASSIGN_OR_RETURN(Mechanism m,
                        ParseMechanism(plan.mechanism->yaml, plan.file, plan.mechanism->line));
    ctx.mechanism = std::move(m);
    rules::Engine engine(ctx.rules->rules, ctx.rules->calendar);
    ctx.mechanism_terms = TermsFromPacks(*ctx.mechanism, engine, o.as_of);
  }
  // What counts as sensitive follows the plan's law (the plan loader accepts CN and EU only).
  ctx.jurisdiction =
      ParseJurisdiction(plan.jurisdiction.value_or("CN")).value_or(Jurisdiction::kCN);
  ctx.needed.insert(plan.categories_needed.begin(), plan.categories_needed.end());
  if (ctx.needed.empty() && plan.categories)
    ctx.needed.insert(plan.categories->begin(), plan.categories->end());
  return Status::Ok();
}

// The installation key; a dry run never creates one (a throw-away key stands in, and then no
// ledger figure can be matched: the history is left empty).
Status LoadSecretKey(TransferContext& ctx) {
  if (!ctx.options.dry_run) {
    XB_ASSIGN_OR_RETURN(ctx.key, LoadOrCreateKey(ctx.options.key_path));
    return Status::Ok();
  }
  auto key = LoadKey(ctx.options.key_path);
  if (key.ok()) {
    ctx.key = std::move(key).value();
    return Status::Ok();
  }
  if (key.error().code != ErrorCode::kNotFound) return std::move(key).error();
  XB_ASSIGN_OR_RETURN(ctx.key, EphemeralKey());
  ctx.key_is_ephemeral = true;
  ctx.outcome.warnings.push_back(
      "dry run without a key file (" + ctx.options.key_path +
      "): individuals were counted under an ephemeral key, so the year-to-date history is "
      "empty and consent records cannot be matched; a real transfer creates the key");
  return Status::Ok();
}

// The column classifier, the subject hasher, the taxonomy and the free-text detector: a
// service's, loaded once (transfer_resources.h), or made for this run.
Status LoadClassifiers(TransferContext& ctx) {
  if (const TransferResources* shared = ctx.options.resources; shared != nullptr) {
    XB_ASSIGN_OR_RETURN(ctx.classifier, shared->ClassifierFor(CivilDate::TodayInChina()));
    ctx.taxonomy = shared->taxonomy();
    XB_ASSIGN_OR_RETURN(ctx.text_detector, shared->DetectorFor(ctx.outcome.as_of));
  } else {
    ClassifierOptions classifier_options;
    classifier_options.data_dir = ctx.rules->data_dir;
    XB_ASSIGN_OR_RETURN(ctx.classifier, ColumnClassifier::Create(classifier_options));
    // Grades columns into the categories and sensitivity the decision rests on.
    XB_ASSIGN_OR_RETURN(ctx.taxonomy, Taxonomy::LoadDefault(ctx.rules->data_dir));
    // Finds what free-text columns hold (a diagnosis in a remark is sensitive PI).
    TextDetectorOptions detector_options;
    detector_options.data_dir = ctx.rules->data_dir;
    detector_options.today = ctx.outcome.as_of;
    XB_ASSIGN_OR_RETURN(ctx.text_detector, TextDetector::Create(detector_options));
  }
  ctx.subject_hasher = std::make_unique<SubjectHasher>(ctx.key, *ctx.classifier);
  for (int t = 0; t < kEntityTypeCount; ++t) {
    if (ctx.taxonomy.IsSensitive(EntityTypeName(static_cast<EntityType>(t)), ctx.jurisdiction)) {
      ctx.sensitive_text_types.push_back(static_cast<EntityType>(t));
    }
  }
  return Status::Ok();
}

// A dataset whose path holds personal data is recorded by its position (dataset_names.h).
Status WithholdDatasetNames(TransferContext& ctx) {
  const TextDetector& detector = *ctx.text_detector;
  const ColumnClassifier& classifier = *ctx.classifier;
  return WithholdNamesHoldingData(
      ctx.plan.file, ctx.plan.LineOf("data"),
      [&](std::string_view part) { return PathPartHoldsData(classifier, detector, part); },
      &ctx.dataset_names);
}

// The ledger: the service's handle (options.ledger) or one opened here. A transfer refuses to
// build on a damaged log before doing any work, and first finishes what an interrupted
// transfer left (package_recovery.h). A dry run reads it as it is, if there is one.
Status OpenTheLedger(TransferContext& ctx) {
  const TransferOptions& options = ctx.options;
  if (options.ledger != nullptr) {
    ctx.ledger = options.ledger;
  } else if (options.dry_run) {
    if (ctx.key_is_ephemeral) return Status::Ok();
    auto opened =
        ledger::OpenLedgerFile(options.db_path, options.key_path, ledger::LedgerAccess::kRead);
    if (opened.ok()) {
      ctx.own_ledger = std::move(opened).value();
    } else if (opened.error().code != ErrorCode::kNotFound) {
      return std::move(opened).error();
    }
    ctx.ledger = ctx.own_ledger.get();
    return Status::Ok();
  } else {
    XB_ASSIGN_OR_RETURN(ctx.own_ledger, ledger::OpenLedgerFile(options.db_path, options.key_path,
                                                               ledger::LedgerAccess::kAppend));
    ctx.ledger = ctx.own_ledger.get();
  }
  if (options.dry_run) return Status::Ok();
  XB_RETURN_IF_ERROR(ctx.ledger->CheckTail());
  XB_ASSIGN_OR_RETURN(std::vector<std::string> recovered, RecoverPackages(*ctx.ledger));
  ctx.outcome.warnings.insert(ctx.outcome.warnings.end(), recovered.begin(), recovered.end());
  return Status::Ok();
}

// The consent records, when the plan checks consent. Read-only for a dry run; a database that
// does not exist yet holds none.
Status LoadConsent(TransferContext& ctx) {
  if (ctx.outcome.consent_mode == ConsentMode::kNone) return Status::Ok();
  const TransferOptions& options = ctx.options;
  if (options.dry_run) {
    std::error_code ec;
    bool no_database =
        !pg::IsPostgresUrl(options.db_path) && !std::filesystem::exists(options.db_path, ec);
    if (ctx.key_is_ephemeral || no_database) {
      return Status::Ok();
    }
  }
  XB_ASSIGN_OR_RETURN(
      auto store, consent::ConsentStore::Open(options.db_path,
                                              options.dry_run ? consent::ConsentAccess::kRead
                                                              : consent::ConsentAccess::kWrite));
  XB_ASSIGN_OR_RETURN(ctx.consent_index, store->LoadAll(ctx.key.id));
  return Status::Ok();
}

}  // namespace

Status LoadInputs(TransferContext& ctx) {
  XB_RETURN_IF_ERROR(LoadPlan(ctx));
  XB_RETURN_IF_ERROR(LoadSecretKey(ctx));
  XB_RETURN_IF_ERROR(LoadClassifiers(ctx));
  XB_RETURN_IF_ERROR(WithholdDatasetNames(ctx));
  XB_RETURN_IF_ERROR(OpenTheLedger(ctx));
  ctx.Lap("setup");
  XB_RETURN_IF_ERROR(LoadConsent(ctx));
  ctx.Lap("consent");
  return Status::Ok();
}

}  // namespace xb::transfer
