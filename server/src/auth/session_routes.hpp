// /api/v1/session: who am I, the simple-mode session cookie (dev login) and logout; and, in
// test mode, /api/v1/token: bearer tokens for data-file users.
#pragma once

#include "auth/acl.hpp"
#include "auth/authenticator.hpp"
#include "net/router.hpp"

namespace hubd {

struct SessionRoutesOptions {
  bool dev_login = false;
  bool test_mode = false;  // tokens, and dev login too
};

void add_session_routes(Router<HttpCall>& routes, const Authenticator& auth, const Acl& acl,
                        SessionRoutesOptions options);

}  // namespace hubd
