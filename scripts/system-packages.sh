#!/usr/bin/env bash
# Install the Debian/Ubuntu packages named as arguments that are not installed yet:
# with apt-get as root, with sudo otherwise; where neither works, say what to install.
set -euo pipefail
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# `reportgen fonts --prepare` downloads package files (`apt-get download`), which needs the package lists.
no_lists=false
if command -v apt-get >/dev/null 2>&1 && ! compgen -G "/var/lib/apt/lists/*Packages*" >/dev/null; then
  no_lists=true
fi
[ ${#missing[@]} -eq 0 ] && ! $no_lists && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "缺少系统软件包：${missing[*]}。本机没有 apt-get，请用系统的包管理器安装对应的软件包。" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo)
elif [ ${#missing[@]} -eq 0 ]; then
  echo "软件包列表为空：请先运行 sudo apt-get update，reportgen fonts --prepare 才能下载字体软件包" >&2
  exit 0
else
  echo "缺少系统软件包：${missing[*]}。请运行：sudo apt-get update && sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
[ ${#missing[@]} -eq 0 ] && exit 0
echo "安装系统软件包：${missing[*]}"
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
