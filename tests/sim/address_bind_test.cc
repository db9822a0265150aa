// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Address-aware bind (spec §16): local addresses, IPv4/IPv6/dual-stack
// sockets, the SO_REUSEADDR / SO_EXCLUSIVEADDRUSE matrix of Microsoft's
// "Using SO_REUSEADDR and SO_EXCLUSIVEADDRUSE" page [REUSE] cell by cell,
// the socket options' own codes, and how reservations meet addresses.

#include <string>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "portres/windows_codes.h"
#include "tests/util/sim_fixture.h"

namespace portres::testkit {
namespace {

constexpr uint16_t kPort = 7821;

class AddressBindTest : public SimTest {
 protected:
  // A socket of `process` with `use` set: nullopt for none, or
  // SO_REUSEADDR / SO_EXCLUSIVEADDRUSE.
  SocketId Open(PortReservations& process, Protocol protocol,
                AddressFamily family,
                std::optional<SocketOption> use = std::nullopt,
                bool dual_stack = false) {
    SocketId s = protocol == Protocol::kTcp ? Tcp(process, family)
                                            : Udp(process, family);
    if (use) {
      EXPECT_THAT(process.SetOption(s, *use, 1), IsOk());
    }
    if (dual_stack) {
      EXPECT_THAT(process.SetOption(s, SocketOption::kIpv6Only, 0), IsOk());
    }
    return s;
  }
  SocketId Dual(std::optional<SocketOption> use = std::nullopt) {
    return Open(*a_, Protocol::kUdp, AddressFamily::kInet6, use, true);
  }
  SocketId V4(std::optional<SocketOption> use = std::nullopt) {
    return Open(*a_, Protocol::kUdp, AddressFamily::kInet, use);
  }
  SocketId V6(std::optional<SocketOption> use = std::nullopt) {
    return Open(*a_, Protocol::kUdp, AddressFamily::kInet6, use);
  }
};

// ---- §16.3: the matrix, every cell, on each stack and protocol ----

enum class Use { kDefault, kReuse, kExclusive };
struct BindKind {
  Use use;
  bool specific;
};
constexpr BindKind kKinds[] = {
    {Use::kDefault, false}, {Use::kDefault, true},   {Use::kReuse, false},
    {Use::kReuse, true},    {Use::kExclusive, false}, {Use::kExclusive, true}};
constexpr uint32_t S = 0, U = kWsaEAddrInUse, A = kWsaEAcces;
// [REUSE], Windows Server 2003 and later, one account: rows the first bind,
// columns the second, in kKinds order.
constexpr uint32_t kExpected[6][6] = {
    {U, S, A, S, U, S}, {S, U, S, A, U, U}, {U, S, S, S, U, S},
    {S, U, S, S, U, U}, {U, A, A, A, U, A}, {S, U, S, A, U, U}};

std::string KindName(BindKind k) {
  return absl::StrCat(k.use == Use::kDefault  ? "Default"
                      : k.use == Use::kReuse ? "ReuseAddr"
                                             : "ExclusiveAddrUse",
                      k.specific ? "Specific" : "Wildcard");
}

using Cell = std::tuple<int, int, Protocol, AddressFamily>;

std::string CellName(const ::testing::TestParamInfo<Cell>& info) {
  const Cell& cell = info.param;
  return absl::StrCat(
      KindName(kKinds[std::get<0>(cell)]), "_Then_",
      KindName(kKinds[std::get<1>(cell)]), "_", ToString(std::get<2>(cell)),
      std::get<3>(cell) == AddressFamily::kInet ? "_v4" : "_v6");
}

class ReuseMatrixTest : public SimTest,
                        public ::testing::WithParamInterface<Cell> {};

// Each cell: the first bind succeeds, the second gets the page's result.
// Specific is loopback (127.0.0.1 or ::1), wildcard 0.0.0.0 or ::; the two
// binds come from two processes of the same user (BA15), through the
// options set before bind (SO6, SO7).
TEST_P(ReuseMatrixTest, SecondBindGetsThePagesResult) {
  const auto [row, column, protocol, family] = GetParam();
  auto bind = [&, protocol = protocol, family = family](
                  PortReservations& process, BindKind kind) {
    SocketId s = protocol == Protocol::kTcp ? Tcp(process, family)
                                            : Udp(process, family);
    if (kind.use != Use::kDefault) {
      EXPECT_THAT(process.SetOption(s,
                                    kind.use == Use::kReuse
                                        ? SocketOption::kReuseAddress
                                        : SocketOption::kExclusiveAddressUse,
                                    1),
                  IsOk());
    }
    return process.Bind(
        s, kind.specific ? IpAddress::Loopback(family) : IpAddress::Any(family),
        kPort);
  };
  ASSERT_THAT(bind(*a_, kKinds[row]), IsOk());
  const uint32_t expected = kExpected[row][column];
  absl::StatusOr<uint16_t> second = bind(*b_, kKinds[column]);
  if (expected == 0) {
    EXPECT_EQ(second.value_or(0), kPort);
  } else {
    EXPECT_THAT(second, HasWindowsCode(expected));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Reuse, ReuseMatrixTest,
    ::testing::Combine(::testing::Range(0, 6), ::testing::Range(0, 6),
                       ::testing::Values(Protocol::kTcp, Protocol::kUdp),
                       ::testing::Values(AddressFamily::kInet,
                                         AddressFamily::kInet6)),
    CellName);

// ---- §16.1: local addresses and plain bind() codes ----

// Spec BA1.
TEST_F(AddressBindTest, BA1NonLocalAddressIsAddrNotAvail) {
  const IpAddress v4 = IpAddress::V4(10, 0, 0, 5);
  const IpAddress v6 = IpAddress::V6({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0,
                                      0, 0, 0, 0, 0, 1});
  EXPECT_THAT(a_->Bind(V4(), v4, 0), HasWindowsCode(kWsaEAddrNotAvail));
  EXPECT_THAT(a_->Bind(V6(), v6, kPort), HasWindowsCode(kWsaEAddrNotAvail));
  ASSERT_THAT(host_.AddLocalAddress(v4), IsOk());
  ASSERT_THAT(host_.AddLocalAddress(v6), IsOk());
  EXPECT_THAT(a_->Bind(V4(), v4, 0), IsOk());
  EXPECT_EQ(a_->Bind(V6(), v6, kPort).value_or(0), kPort);
}

// Spec BA2.
TEST_F(AddressBindTest, BA2EveryLoopbackAddressIsLocalAndTheyCoexist) {
  EXPECT_EQ(a_->Bind(V4(), IpAddress::V4(127, 1, 1, 1), kPort).value_or(0),
            kPort);
  EXPECT_EQ(a_->Bind(V4(), IpAddress::V4(127, 1, 1, 2), kPort).value_or(0),
            kPort);
  EXPECT_EQ(a_->Bind(V4(), kIpv4Any, kPort).value_or(0), kPort);
  EXPECT_THAT(host_.AddLocalAddress(kIpv4Any),
              HasWindowsCode(kErrorInvalidParameter));
  EXPECT_THAT(host_.AddLocalAddress(IpAddress::V4(127, 0, 0, 9)),
              HasWindowsCode(kErrorInvalidParameter));
  EXPECT_THAT(host_.AddLocalAddress(IpAddress::V4Mapped(kIpv4Loopback)),
              HasWindowsCode(kErrorInvalidParameter));
}

// Spec BA3.
TEST_F(AddressBindTest, BA3AddressOfTheOtherFamilyIsFault) {
  EXPECT_THAT(a_->Bind(V4(), kIpv6Any, 0), HasWindowsCode(kWsaEFault));
  EXPECT_THAT(a_->Bind(V6(), kIpv4Any, 0), HasWindowsCode(kWsaEFault));
}

// Spec BA4.
TEST_F(AddressBindTest, BA4SecondBindIsInval) {
  SocketId s = V4();
  ASSERT_THAT(a_->Bind(s, kIpv4Loopback, 0), IsOk());
  EXPECT_THAT(a_->Bind(s, kIpv4Any, 0), HasWindowsCode(kWsaEInval));
}

// Spec BA5.
TEST_F(AddressBindTest, BA5TcpAndUdpNeverConflict) {
  ASSERT_THAT(a_->Bind(Open(*a_, Protocol::kTcp, AddressFamily::kInet),
                       kIpv4Any, kPort),
              IsOk());
  EXPECT_EQ(a_->Bind(V4(SocketOption::kExclusiveAddressUse), kIpv4Any, kPort)
                .value_or(0),
            kPort);
}

// Spec BA6.
TEST_F(AddressBindTest, BA6DifferentSpecificAddressesNeverConflict) {
  ASSERT_THAT(a_->Bind(V4(SocketOption::kExclusiveAddressUse),
                       IpAddress::V4(127, 0, 0, 1), kPort),
              IsOk());
  EXPECT_EQ(a_->Bind(V4(), IpAddress::V4(127, 0, 0, 2), kPort).value_or(0),
            kPort);
  EXPECT_EQ(b_->Bind(Open(*b_, Protocol::kUdp, AddressFamily::kInet,
                          SocketOption::kExclusiveAddressUse),
                     IpAddress::V4(127, 0, 0, 3), kPort)
                .value_or(0),
            kPort);
}

// ---- §16.2: IPv4, IPv6 and dual-stack sockets ----

// Spec BA7.
TEST_F(AddressBindTest, BA7Ipv4AndIpv6OnlySocketsShareAPort) {
  ASSERT_THAT(a_->Bind(V4(), kIpv4Any, kPort), IsOk());
  EXPECT_EQ(a_->Bind(V6(), kIpv6Any, kPort).value_or(0), kPort);
  ASSERT_THAT(a_->Bind(V6(), kIpv6Loopback, kPort + 1), IsOk());
  EXPECT_EQ(a_->Bind(V4(), kIpv4Loopback, kPort + 1).value_or(0), kPort + 1);
}

// Spec BA8.
TEST_F(AddressBindTest, BA8Ipv6OnlyIsOnByDefault) {
  EXPECT_EQ(a_->GetOption(V6(), SocketOption::kIpv6Only).value_or(9), 1u);
  EXPECT_EQ(a_->GetOption(Dual(), SocketOption::kIpv6Only).value_or(9), 0u);
}

// Spec BA9.
TEST_F(AddressBindTest, BA9DualStackNeedsThePortOnBothStacks) {
  ASSERT_THAT(a_->Bind(V4(), kIpv4Any, kPort), IsOk());
  EXPECT_THAT(a_->Bind(Dual(), kIpv6Any, kPort),
              HasWindowsCode(kWsaEAddrInUse));
  ASSERT_THAT(a_->Bind(V4(), kIpv4Loopback, kPort + 1), IsOk());
  EXPECT_EQ(a_->Bind(Dual(), kIpv6Any, kPort + 1).value_or(0), kPort + 1);
}

// Spec BA10.
TEST_F(AddressBindTest, BA10ExclusiveDualStackAfterSpecificIpv4IsInUse) {
  ASSERT_THAT(a_->Bind(V4(), kIpv4Loopback, kPort), IsOk());
  EXPECT_THAT(a_->Bind(Dual(SocketOption::kExclusiveAddressUse), kIpv6Any,
                       kPort),
              HasWindowsCode(kWsaEAddrInUse));
}

// Spec BA11.
TEST_F(AddressBindTest, BA11DualStackFirstHoldsIpv4OnlyWhenExclusive) {
  ASSERT_THAT(a_->Bind(Dual(), kIpv6Any, kPort), IsOk());
  EXPECT_THAT(a_->Bind(V4(), kIpv4Any, kPort), IsOk());
  EXPECT_THAT(a_->Bind(V4(SocketOption::kExclusiveAddressUse), kIpv4Any, kPort),
              HasWindowsCode(kWsaEAddrInUse))
      << "the plain IPv4 bind just made holds it now";
  EXPECT_THAT(a_->Bind(V6(), kIpv6Any, kPort), HasWindowsCode(kWsaEAddrInUse));

  ASSERT_THAT(a_->Bind(Dual(), kIpv6Any, kPort + 1), IsOk());
  EXPECT_THAT(
      a_->Bind(V4(SocketOption::kExclusiveAddressUse), kIpv4Any, kPort + 1),
      IsOk());

  ASSERT_THAT(
      a_->Bind(Dual(SocketOption::kExclusiveAddressUse), kIpv6Any, kPort + 2),
      IsOk());
  EXPECT_THAT(a_->Bind(V4(), kIpv4Any, kPort + 2), HasWindowsCode(kWsaEAcces));
  EXPECT_THAT(a_->Bind(V4(), kIpv4Loopback, kPort + 2),
              HasWindowsCode(kWsaEAcces));
}

// Spec BA12.
TEST_F(AddressBindTest, BA12V4MappedBindHoldsThatIpv4Address) {
  const IpAddress mapped = IpAddress::V4Mapped(kIpv4Loopback);
  ASSERT_THAT(a_->Bind(Dual(), mapped, kPort), IsOk());
  EXPECT_THAT(a_->Bind(V4(), kIpv4Loopback, kPort),
              HasWindowsCode(kWsaEAddrInUse));
  EXPECT_EQ(a_->Bind(V6(), kIpv6Any, kPort).value_or(0), kPort)
      << "it holds nothing on IPv6";
  ASSERT_THAT(a_->Bind(V4(), kIpv4Loopback, kPort + 1), IsOk());
  EXPECT_THAT(a_->Bind(Dual(), mapped, kPort + 1),
              HasWindowsCode(kWsaEAddrInUse));
  ASSERT_THAT(a_->Bind(Dual(), IpAddress::V4Mapped(kIpv4Any), kPort + 2),
              IsOk());
  EXPECT_THAT(a_->Bind(V4(), kIpv4Any, kPort + 2),
              HasWindowsCode(kWsaEAddrInUse));
}

// Spec BA14.
TEST_F(AddressBindTest, BA14DualStackOnNativeIpv6HoldsOnlyIpv6) {
  ASSERT_THAT(a_->Bind(Dual(), kIpv6Loopback, kPort), IsOk());
  EXPECT_THAT(a_->Bind(V4(), kIpv4Loopback, kPort), IsOk());
  EXPECT_THAT(a_->Bind(V4(SocketOption::kExclusiveAddressUse), kIpv4Any, kPort),
              HasWindowsCode(kWsaEAddrInUse))
      << "the loopback IPv4 bind above, not the dual-stack one";
}

// Spec U23.
TEST_F(AddressBindTest, U23V4MappedOnIpv6OnlySocketIsAddrNotAvail) {
  EXPECT_THAT(a_->Bind(V6(), IpAddress::V4Mapped(kIpv4Loopback), kPort),
              HasWindowsCode(kWsaEAddrNotAvail));
  EXPECT_THAT(a_->Bind(Dual(), IpAddress::V4Mapped(IpAddress::V4(10, 0, 0, 5)),
                       kPort),
              HasWindowsCode(kWsaEAddrNotAvail))
      << "a mapped address is local only if its IPv4 address is";
}

// ---- §16.5: the options' own codes ----

// Spec SO5.
TEST_F(AddressBindTest, SO5ReuseAndExclusiveExcludeEachOther) {
  for (auto [first, second] :
       {std::pair{SocketOption::kReuseAddress,
                  SocketOption::kExclusiveAddressUse},
        std::pair{SocketOption::kExclusiveAddressUse,
                  SocketOption::kReuseAddress}}) {
    SocketId s = V4();
    EXPECT_EQ(a_->GetOption(s, first).value_or(9), 0u) << "new socket";
    EXPECT_EQ(a_->GetOption(s, second).value_or(9), 0u);
    ASSERT_THAT(a_->SetOption(s, first, 1), IsOk());
    EXPECT_THAT(a_->SetOption(s, second, 1), HasWindowsCode(kWsaEInval));
    EXPECT_EQ(a_->GetOption(s, second).value_or(9), 0u) << "refused: still 0";
    ASSERT_THAT(a_->SetOption(s, first, 0), IsOk());
    EXPECT_THAT(a_->SetOption(s, second, 1), IsOk());
    EXPECT_EQ(a_->GetOption(s, second).value_or(9), 1u);
  }
}

// Spec U24.
TEST_F(AddressBindTest, U24ReuseOptionsAfterBindChangeNothing) {
  SocketId first = V4();
  ASSERT_THAT(a_->Bind(first, kIpv4Any, kPort), IsOk());
  ASSERT_THAT(a_->SetOption(first, SocketOption::kReuseAddress, 1), IsOk());
  EXPECT_EQ(a_->GetOption(first, SocketOption::kReuseAddress).value_or(9), 1u);
  // Bound as Default/Wildcard, it still refuses SO_REUSEADDR/Wildcard as
  // the matrix says for a Default first bind (WSAEACCES), not Reuse's 0.
  EXPECT_THAT(a_->Bind(V4(SocketOption::kReuseAddress), kIpv4Any, kPort),
              HasWindowsCode(kWsaEAcces));
}

// Spec U25.
TEST_F(AddressBindTest, U25Ipv6OnlyAfterBindOrOnIpv4IsInval) {
  SocketId v4 = V4();
  EXPECT_THAT(a_->SetOption(v4, SocketOption::kIpv6Only, 0),
              HasWindowsCode(kWsaEInval));
  EXPECT_THAT(a_->GetOption(v4, SocketOption::kIpv6Only),
              HasWindowsCode(kWsaEInval));
  SocketId v6 = V6();
  ASSERT_THAT(a_->Bind(v6, kIpv6Any, 0), IsOk());
  EXPECT_THAT(a_->SetOption(v6, SocketOption::kIpv6Only, 0),
              HasWindowsCode(kWsaEInval));
  EXPECT_EQ(a_->GetOption(v6, SocketOption::kIpv6Only).value_or(9), 1u);
}

// Spec SO8.
TEST_F(AddressBindTest, SO8CpuAffinityOnlyOnUnboundUdpWithoutReuse) {
  EXPECT_THAT(a_->SetOption(Open(*a_, Protocol::kTcp, AddressFamily::kInet),
                            SocketOption::kCpuAffinity, 0),
              HasWindowsCode(kWsaEOpNotSupp));
  SocketId bound = V4();
  ASSERT_THAT(a_->Bind(bound, kIpv4Any, 0), IsOk());
  EXPECT_THAT(a_->SetOption(bound, SocketOption::kCpuAffinity, 0),
              HasWindowsCode(kWsaEInval));
  EXPECT_THAT(a_->SetOption(V4(SocketOption::kReuseAddress),
                            SocketOption::kCpuAffinity, 0),
              HasWindowsCode(kWsaEInval));
  SocketId pinned = V4();
  ASSERT_THAT(a_->SetOption(pinned, SocketOption::kCpuAffinity, 3), IsOk());
  EXPECT_THAT(a_->SetOption(pinned, SocketOption::kReuseAddress, 1),
              HasWindowsCode(kWsaEInval));
  EXPECT_THAT(a_->GetOption(pinned, SocketOption::kCpuAffinity),
              HasWindowsCode(kWsaENoProtoOpt));
}

// Affinity shares only inside a reservation and only within one process.
// Spec SO8.
TEST_F(AddressBindTest, SO8CpuAffinityAloneSharesNothing) {
  SocketId first = V4(), second = V4();
  for (SocketId s : {first, second}) {
    ASSERT_THAT(a_->SetOption(s, SocketOption::kCpuAffinity, 0), IsOk());
  }
  ASSERT_THAT(a_->Bind(first, kIpv4Any, kPort), IsOk());
  EXPECT_THAT(a_->Bind(second, kIpv4Any, kPort),
              HasWindowsCode(kWsaEAddrInUse));
}

// ---- §16.6: reservations and addresses ----

// Spec RX1.
TEST_F(AddressBindTest, RX1ReservationsBlockEveryAddress) {
  ASSERT_THAT(b_->Acquire(Udp(*b_), {6000, 10}), IsOk());
  EXPECT_THAT(a_->Bind(V4(), kIpv4Any, 6001), HasWindowsCode(kWsaEAcces));
  EXPECT_THAT(a_->Bind(V4(), kIpv4Loopback, 6001), HasWindowsCode(kWsaEAcces));
  EXPECT_THAT(a_->Bind(V6(), kIpv6Any, 6001), HasWindowsCode(kWsaEAcces));
  EXPECT_THAT(a_->Bind(V6(), kIpv6Loopback, 6001), HasWindowsCode(kWsaEAcces));
  EXPECT_THAT(a_->Bind(Dual(), kIpv6Any, 6001), HasWindowsCode(kWsaEAcces));
}

// Spec RX2.
TEST_F(AddressBindTest, RX2RuntimeReservationsSpanBothFamilies) {
  ASSERT_THAT(a_->Acquire(V4(), {6000, 10}), IsOk());
  EXPECT_THAT(a_->Acquire(V6(), {6005, 10}), HasWindowsCode(kWsaEAddrInUse));
}

// Spec RX3: a persistent block is address-independent too; by default
// (U1) it lets unassociated binds in at every address, and ACQUIRE over it
// fails whatever socket asks.
TEST_F(AddressBindTest, RX3PersistentBlocksIgnoreAddresses) {
  ASSERT_THAT(admin_->CreatePersistent(Protocol::kUdp, {6100, 10}), IsOk());
  EXPECT_EQ(a_->Bind(V4(), kIpv4Loopback, 6101).value_or(0), 6101);
  EXPECT_EQ(a_->Bind(V6(), kIpv6Loopback, 6101).value_or(0), 6101);
  EXPECT_EQ(a_->Bind(Dual(), kIpv6Any, 6102).value_or(0), 6102);
  EXPECT_THAT(a_->Acquire(V6(), {6105, 2}), HasWindowsCode(kWsaEAddrInUse));
}

// Spec RX4, AB7.
TEST_F(AddressBindTest, RX4AssociatedSpecificBindTakesAPortOfTheReservation) {
  Reservation r = MustAcquire(*a_, V4(), {6000, 4});
  SocketId loopback = V4(), mapped = Dual();
  ASSERT_THAT(a_->Associate(loopback, r.token), IsOk());
  ASSERT_THAT(a_->Associate(mapped, r.token), IsOk());
  EXPECT_EQ(a_->Bind(loopback, kIpv4Loopback, 0).value_or(0), 6000);
  EXPECT_EQ(a_->Bind(mapped, IpAddress::V4Mapped(kIpv4Loopback), 0).value_or(0),
            6001);
}

// Spec RX5.
TEST_F(AddressBindTest, RX5AcquireOverAPortBoundOnOneAddressIsInUse) {
  ASSERT_THAT(a_->Bind(V4(), IpAddress::V4(127, 0, 0, 7), 6003), IsOk());
  EXPECT_THAT(a_->Acquire(V4(), {6000, 10}), HasWindowsCode(kWsaEAddrInUse));
}

// Every refused bind and option leaves the machine as it was.
TEST_F(AddressBindTest, FailedAddressCallsLeaveHostUnchanged) {
  ASSERT_THAT(a_->Bind(Dual(SocketOption::kExclusiveAddressUse), kIpv6Any,
                       kPort),
              IsOk());
  SocketId s = V4(SocketOption::kReuseAddress);
  const std::string before = host_.DumpState();
  EXPECT_THAT(a_->Bind(s, kIpv4Any, kPort), HasWindowsCode(kWsaEAcces));
  EXPECT_THAT(a_->Bind(s, IpAddress::V4(10, 1, 1, 1), kPort),
              HasWindowsCode(kWsaEAddrNotAvail));
  EXPECT_THAT(a_->Bind(s, kIpv6Any, kPort), HasWindowsCode(kWsaEFault));
  EXPECT_THAT(a_->SetOption(s, SocketOption::kExclusiveAddressUse, 1),
              HasWindowsCode(kWsaEInval));
  EXPECT_THAT(a_->SetOption(s, SocketOption::kIpv6Only, 1),
              HasWindowsCode(kWsaEInval));
  EXPECT_EQ(host_.DumpState(), before);
}

}  // namespace
}  // namespace portres::testkit
