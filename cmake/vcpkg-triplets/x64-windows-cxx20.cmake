# Copyright 2026 The portres Authors
# SPDX-License-Identifier: Apache-2.0

# vcpkg's x64-windows with static libraries and every C++ port built as
# C++20: Abseil must be built with the standard its users use (its options
# header records std::optional & co. by standard), and vcpkg's Abseil port
# builds C++17 unless the compiler is told otherwise.
set(VCPKG_TARGET_ARCHITECTURE x64)
set(VCPKG_CRT_LINKAGE dynamic)
set(VCPKG_LIBRARY_LINKAGE static)
set(VCPKG_CXX_FLAGS "/std:c++20")
set(VCPKG_C_FLAGS "")
