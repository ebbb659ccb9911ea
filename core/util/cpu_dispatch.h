// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// For the few hand-written loops of the training step (bias and activation
// fused into a copy, the activation's derivative, the unrolling of
// convolution patches): GCC compiles each twice, for AVX2 with FMA and for
// plain x86-64, and picks one when the program loads (an ifunc). The .deb is
// built without -march=native so that it runs on any amd64 machine; this
// keeps its hot loops as wide as a native build's on the machines that have
// AVX2. A build that already targets AVX2 (-march=native on such a machine),
// another compiler or another architecture gets the one plain version.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__AVX2__)
#define DIGITPAD_DISPATCH_AVX2 __attribute__((target_clones("arch=haswell", "default")))
#else
#define DIGITPAD_DISPATCH_AVX2
#endif
