/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-util.h"

char *
sd_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (dir);
  return dir;
}
