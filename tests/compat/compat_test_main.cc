// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// main() for the compat tests: portres::compat's archive supplies a main()
// for wmain programs, so these binaries define their own before it is needed.

#include "gtest/gtest.h"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
