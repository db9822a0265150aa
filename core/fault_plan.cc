// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "portres/fault_plan.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace portres {

FaultPredicate TouchesPorts(uint16_t first, uint16_t last) {
  return [first, last](const FaultCall& call) {
    if (!call.ports.has_value() || call.ports->count == 0) return false;
    const uint32_t start = call.ports->start;
    const uint32_t end = start + call.ports->count - 1;
    return start <= last && end >= first;
  };
}

absl::Status FaultPlan::Add(Rule rule) {
  if (!IsInjectableCode(rule.operation, rule.code)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "Windows does not document code ", rule.code, " for ",
        OperationName(rule.operation), "; it can fail with: ",
        absl::StrJoin(InjectableCodes(rule.operation), ", ")));
  }
  std::lock_guard lock(mu_);
  rules_.push_back(std::move(rule));
  armed_.store(true, std::memory_order_release);
  return absl::OkStatus();
}

absl::Status FaultPlan::FailNext(Operation operation, uint32_t code,
                                 uint32_t times) {
  if (times == 0) return absl::InvalidArgumentError("FailNext: times is 0");
  return Add({.operation = operation, .code = code, .remaining = times});
}

absl::Status FaultPlan::FailWhen(Operation operation, uint32_t code,
                                 FaultPredicate predicate) {
  if (!predicate) return absl::InvalidArgumentError("FailWhen: no predicate");
  return Add({.operation = operation,
              .code = code,
              .remaining = 0,
              .predicate = std::move(predicate)});
}

absl::Status FaultPlan::FailRandomly(Operation operation, uint32_t code,
                                     double probability, uint64_t seed) {
  if (!(probability >= 0 && probability <= 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("FailRandomly: probability ", probability,
                     " is not in [0, 1]"));
  }
  return Add({.operation = operation,
              .code = code,
              .remaining = 0,
              .probability = probability,
              .random = std::mt19937_64(seed)});
}

void FaultPlan::Clear() {
  std::lock_guard lock(mu_);
  rules_.clear();
  armed_.store(false, std::memory_order_release);
}

std::optional<uint32_t> FaultPlan::Decide(const FaultCall& call) {
  std::lock_guard lock(mu_);
  ++calls_;
  for (auto it = rules_.begin(); it != rules_.end(); ++it) {
    Rule& rule = *it;
    if (rule.operation != call.operation) continue;
    bool fails;
    if (rule.remaining > 0) {
      fails = true;
    } else if (rule.predicate) {
      fails = rule.predicate(call);
    } else {
      fails = std::uniform_real_distribution<double>(0, 1)(rule.random) <
              rule.probability;
    }
    if (!fails) continue;
    const uint32_t code = rule.code;
    if (rule.remaining > 0 && --rule.remaining == 0) {
      rules_.erase(it);
      armed_.store(!rules_.empty(), std::memory_order_release);
    }
    injected_.push_back({calls_, call, code});
    return code;
  }
  return std::nullopt;
}

std::vector<InjectedFault> FaultPlan::Injected() const {
  std::lock_guard lock(mu_);
  return injected_;
}

}  // namespace portres
