/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sd-permission.h"
#include "sd-session.h"

G_BEGIN_DECLS

/* The owner's password in every test shop. */
#define SD_TEST_PASSWORD "correct horse 1"
#define SD_TEST_OWNER    "owner"

/* A new, empty directory under the system's temporary directory, for one test's shop. */
char      *sd_test_make_dir       (void);

/* A new shop "测试小店" at PATH whose owner SD_TEST_OWNER has SD_TEST_PASSWORD; the owner's
 * session on it. */
SdSession *sd_test_new_shop       (const char      *path);
/* The owner logged in on a new connection to the shop at PATH. */
SdSession *sd_test_login_owner    (const char      *path);
/* A sub-account LOGIN with a role of its own holding exactly PERMISSIONS (password
 * SD_TEST_PASSWORD, no change needed), and its session on the owner's connection. */
SdSession *sd_test_staff_session  (SdSession       *owner,
                                   const char      *login,
                                   SdPermissionSet  permissions);

G_END_DECLS
