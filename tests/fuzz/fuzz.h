/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* Each fuzz target defines this: libFuzzer calls it with the inputs it makes up, and
 * fuzz-replay.c with the files of the seed corpus and of past crashes. */
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);
