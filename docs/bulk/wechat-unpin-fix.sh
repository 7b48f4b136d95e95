#!/bin/sh
# For multi-gitter (`multi-gitter run ./wechat-unpin-fix.sh …`) and turbolift (`turbolift foreach --
# sh …/wechat-unpin-fix.sh`): run in the root of each repository's fresh clone. Exit 0 with changed
# files → a pull request. fix removes the pins that provably serve WeChat only; --max-review lets a
# repository whose other findings all need review still get its pull request (they are listed on
# stdout, which multi-gitter keeps in its log). Anything else left, or an error, exits non-zero and
# the repository is skipped.
set -eu
# WECHAT_UNPIN: the command to run (tests point it at a local build).
${WECHAT_UNPIN:-npx --yes wechat-unpin@0.1.0} fix --no-progress --max-review 1000
