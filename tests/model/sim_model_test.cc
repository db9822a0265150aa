// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The model-based property suite against the simulator (and, in the
// mutation check's build, against each deliberately broken simulator).
// Replay a failure: RC_PARAMS="reproduce=<string>" build/tests/model_test

#include "gtest/gtest.h"
#include "portres/testing/model_suite.h"
#include "portres/testing/sim_machine.h"
#include "rapidcheck/gtest.h"

namespace portres::testkit {
namespace {

RC_GTEST_PROP(SimModel, BehavesLikeTheWindowsModel, ()) {
  CheckAgainstModel([] { return std::make_unique<SimMachine>(); });
}

}  // namespace
}  // namespace portres::testkit
