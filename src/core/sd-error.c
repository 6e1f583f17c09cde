/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-error.h"

G_DEFINE_QUARK (sd-error-quark, sd_error)
