// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The persistent store (SV5, SV6): what EncodeStore writes reads back;
// a foreign, damaged, edited or torn file is refused, never half-loaded.

#include "service/store.h"

#include <fstream>
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "tests/service/service_fixture.h"

namespace portres::sim::service {
namespace {

StoreContents Sample() {
  return {.tcp_dynamic = {10000, 1000},
          .udp_dynamic = {49152, 16384},
          .tcp = {{5000, 10}, {7000, 1}},
          .udp = {{65535, 1}}};
}

void ExpectRefused(absl::string_view text, absl::string_view fragment) {
  absl::StatusOr<StoreContents> c = DecodeStore(text);
  ASSERT_FALSE(c.ok()) << "accepted:\n" << text;
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(c.status().message(), fragment))
      << c.status();
}

TEST(StoreTest, WhatIsWrittenReadsBack) {
  absl::StatusOr<StoreContents> c = DecodeStore(EncodeStore(Sample()));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(*c, Sample());
}

TEST(StoreTest, AForeignFileIsRefused) {
  ExpectRefused("[Unit]\nDescription=not ours\n", "not a portres store");
  ExpectRefused("", "not a portres store");
}

TEST(StoreTest, EveryTornPrefixIsRefused) {
  const std::string text = EncodeStore(Sample());
  for (size_t size = 0; size < text.size(); ++size) {
    EXPECT_FALSE(DecodeStore(text.substr(0, size)).ok()) << "size " << size;
  }
}

TEST(StoreTest, AnEditedRecordFailsTheChecksum) {
  std::string text = EncodeStore(Sample());
  text.replace(text.find("5000 10"), 7, "5000 11");
  ExpectRefused(text, "checksum mismatch");
}

TEST(StoreTest, EveryFlippedByteIsRefused) {
  const std::string text = EncodeStore(Sample());
  for (size_t at = 0; at < text.size(); ++at) {
    std::string damaged = text;
    damaged[at] ^= 0x01;
    EXPECT_FALSE(DecodeStore(damaged).ok()) << "byte " << at;
  }
}

TEST(StoreTest, ABlockPastTheLastPortIsRefusedByLine) {
  ExpectRefused(
      "portres-store 1\ndynamicport tcp 49152 16384\n"
      "dynamicport udp 49152 16384\npersistent tcp 65535 2\nend 3 0\n",
      "line 4: not a valid block");
}

TEST(StoreTest, SaveThenLoadLeavesNoTemporaryFile) {
  service_test::TempDir dir;
  const std::string path = dir.File("s.store");
  absl::StatusOr<std::optional<StoreContents>> none = LoadStore(path);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  ASSERT_TRUE(SaveStore(path, Sample()).ok());
  absl::StatusOr<std::optional<StoreContents>> loaded = LoadStore(path);
  ASSERT_TRUE(loaded.ok() && loaded->has_value()) << loaded.status();
  EXPECT_EQ(**loaded, Sample());
  EXPECT_FALSE(std::ifstream(path + ".tmp").good());
}

TEST(StoreTest, LoadNamesTheFileItRefuses) {
  service_test::TempDir dir;
  const std::string path = dir.File("s.store");
  std::ofstream(path) << "portres-store 1\ngarbage\n";
  absl::StatusOr<std::optional<StoreContents>> loaded = LoadStore(path);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(absl::StrContains(loaded.status().message(), path));
  EXPECT_TRUE(absl::StrContains(loaded.status().message(), "Move it aside"));
}

}  // namespace
}  // namespace portres::sim::service
