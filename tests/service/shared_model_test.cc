// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The model-based suite against the shared machine (SV1): random
// command sequences over several simulated processes, each call through the
// service's socket, each answer checked against the model's exact code,
// the machine's invariants checked after every step.

#include "gtest/gtest.h"
#include "portres/testing/model_suite.h"
#include "rapidcheck/gtest.h"
#include "tests/service/service_fixture.h"

namespace portres::testkit {
namespace {

RC_GTEST_PROP(SharedModel, BehavesLikeTheWindowsModel, ()) {
  CheckAgainstModel(
      [] { return std::make_unique<service_test::SharedTestMachine>(); });
}

}  // namespace
}  // namespace portres::testkit
