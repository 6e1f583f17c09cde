/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A new, empty directory under the system's temporary directory, for one test's shop. */
char *sd_test_make_dir (void);

G_END_DECLS
