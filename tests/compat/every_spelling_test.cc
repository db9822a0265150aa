// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Windows ignores case in #include names; public Windows code spells the
// networking headers many ways. Every spelling compat generates compiles in
// C++ here (and in C, every_spelling_c.c) and reaches the same content.

#include PORTRES_COMPAT_EVERY_SPELLING_HEADER

#include "gtest/gtest.h"

extern "C" int portres_c_view_sizes(size_t* storage, size_t* inet,
                                    size_t* in6);
extern "C" int portres_c_maps_v4(void);

namespace portres::testkit {
namespace {

TEST(EverySpellingTest, CSeesTheLayoutsCppSees) {
  size_t storage = 0, inet = 0, in6 = 0;
  EXPECT_EQ(portres_c_view_sizes(&storage, &inet, &in6),
            static_cast<int>(sizeof(INET_PORT_RESERVATION_INSTANCE)));
  EXPECT_EQ(storage, sizeof(SOCKADDR_STORAGE));
  EXPECT_EQ(inet, sizeof(SOCKADDR_INET));
  EXPECT_EQ(in6, sizeof(SOCKADDR_IN6));
}

TEST(EverySpellingTest, CInlineHelpersWork) { EXPECT_EQ(portres_c_maps_v4(), 1); }

}  // namespace
}  // namespace portres::testkit
