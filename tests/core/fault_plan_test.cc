// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// FaultPlan (docs §20): which calls fail, with which code, and the record.

#include "portres/fault_plan.h"

#include <algorithm>

#include "gtest/gtest.h"
#include "portres/windows_codes.h"

namespace portres {
namespace {

FaultCall BindCall(uint16_t port) {
  return {.operation = Operation::kBind,
          .ports = PortRange{port, static_cast<uint16_t>(port ? 1 : 0)}};
}

// FI1: the next N calls of one operation, and only of that operation.
TEST(FaultPlanTest, FailNextCountsCallsOfItsOperation) {
  FaultPlan plan;
  EXPECT_FALSE(plan.armed());
  ASSERT_TRUE(plan.FailNext(Operation::kAcquire, kWsaENoBufs, 2).ok());
  EXPECT_TRUE(plan.armed());
  EXPECT_EQ(plan.Decide({.operation = Operation::kBind}), std::nullopt);
  EXPECT_EQ(plan.Decide({.operation = Operation::kAcquire}), kWsaENoBufs);
  EXPECT_EQ(plan.Decide({.operation = Operation::kAcquire}), kWsaENoBufs);
  EXPECT_EQ(plan.Decide({.operation = Operation::kAcquire}), std::nullopt);
  EXPECT_FALSE(plan.armed()) << "the used-up rule is gone";
  const std::vector<InjectedFault> injected = plan.Injected();
  ASSERT_EQ(injected.size(), 2u);
  EXPECT_EQ(injected[0].call_number, 2u);
  EXPECT_EQ(injected[1].call_number, 3u);
  EXPECT_EQ(injected[1].code, kWsaENoBufs);
}

// FI1: a predicate over the call; TouchesPorts overlaps ranges.
TEST(FaultPlanTest, FailWhenPortsTouchARange) {
  FaultPlan plan;
  ASSERT_TRUE(plan.FailWhen(Operation::kBind, kWsaEAcces,
                            TouchesPorts(5000, 5099))
                  .ok());
  EXPECT_EQ(plan.Decide(BindCall(4999)), std::nullopt);
  EXPECT_EQ(plan.Decide(BindCall(5000)), kWsaEAcces);
  EXPECT_EQ(plan.Decide(BindCall(5099)), kWsaEAcces);
  EXPECT_EQ(plan.Decide(BindCall(5100)), std::nullopt);
  EXPECT_EQ(plan.Decide(BindCall(0)), std::nullopt) << "bind(0) names none";
  EXPECT_EQ(plan.Decide({.operation = Operation::kAcquire,
                         .ports = PortRange{4990, 11}}),
            std::nullopt)
      << "another operation";
  EXPECT_EQ(plan.Injected().size(), 2u);
}

// FI1: the first matching rule decides.
TEST(FaultPlanTest, RulesAreTriedInOrder) {
  FaultPlan plan;
  ASSERT_TRUE(plan.FailNext(Operation::kBind, kWsaENetDown).ok());
  ASSERT_TRUE(
      plan.FailWhen(Operation::kBind, kWsaEAcces, TouchesPorts(1, 65535)).ok());
  EXPECT_EQ(plan.Decide(BindCall(7)), kWsaENetDown);
  EXPECT_EQ(plan.Decide(BindCall(7)), kWsaEAcces);
}

// FI1: a seeded probability fails the same calls on every run, about as
// often as asked.
TEST(FaultPlanTest, RandomFailuresAreSeeded) {
  auto pattern = [](uint64_t seed) {
    FaultPlan plan;
    EXPECT_TRUE(
        plan.FailRandomly(Operation::kCloseSocket, kWsaEIntr, 0.25, seed).ok());
    std::vector<bool> failed;
    for (int i = 0; i < 2000; ++i) {
      failed.push_back(
          plan.Decide({.operation = Operation::kCloseSocket}).has_value());
    }
    return failed;
  };
  const std::vector<bool> first = pattern(7);
  EXPECT_EQ(first, pattern(7));
  EXPECT_NE(first, pattern(8));
  const auto failures = std::count(first.begin(), first.end(), true);
  EXPECT_GT(failures, 400);  // 500 expected; 5 standard deviations is 97
  EXPECT_LT(failures, 600);
}

// FI2: only codes Windows documents for the call; nothing is added.
TEST(FaultPlanTest, RefusesCodesWindowsDoesNotDocumentForTheCall) {
  FaultPlan plan;
  absl::Status refused = plan.FailNext(Operation::kAcquire, kWsaEAddrNotAvail);
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(refused.message().find("10049"), absl::string_view::npos);
  EXPECT_FALSE(plan.FailNext(Operation::kBind, kErrorSharingViolation).ok());
  EXPECT_FALSE(plan.FailNext(Operation::kReboot, kWsaEInval).ok());
  EXPECT_FALSE(plan.FailNext(Operation::kBind, kWsaEAcces, 0).ok());
  EXPECT_FALSE(plan.FailRandomly(Operation::kBind, kWsaEAcces, 1.5, 1).ok());
  EXPECT_FALSE(plan.FailWhen(Operation::kBind, kWsaEAcces, nullptr).ok());
  EXPECT_FALSE(plan.armed());
  EXPECT_EQ(plan.Decide(BindCall(1)), std::nullopt);
}

// Clear removes the rules and keeps the record.
TEST(FaultPlanTest, ClearKeepsTheRecord) {
  FaultPlan plan;
  ASSERT_TRUE(plan.FailWhen(Operation::kBind, kWsaEAcces,
                            [](const FaultCall&) { return true; })
                  .ok());
  EXPECT_TRUE(plan.Decide(BindCall(1)).has_value());
  plan.Clear();
  EXPECT_FALSE(plan.armed());
  EXPECT_EQ(plan.Decide(BindCall(1)), std::nullopt);
  EXPECT_EQ(plan.Injected().size(), 1u);
}

}  // namespace
}  // namespace portres
