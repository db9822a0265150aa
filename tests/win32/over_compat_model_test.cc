// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The model-based suite against the Win32 backend compiled for Linux against
// portres::compat: random sequences over several simulated processes, each
// with its own Win32 backend, every answer checked against the model's exact
// code, the host's invariants after every step.
// Replay a failure: RC_PARAMS="reproduce=<string>" build/tests/win32_over_compat_test

#include "gtest/gtest.h"
#include "portres/testing/model_suite.h"
#include "rapidcheck/gtest.h"
#include "tests/win32/over_compat_machine.h"

namespace portres::testkit {
namespace {

RC_GTEST_PROP(Win32OverCompatModel, BehavesLikeTheWindowsModel, ()) {
  CheckAgainstModel([] { return std::make_unique<Win32OverCompatMachine>(); });
}

}  // namespace
}  // namespace portres::testkit
