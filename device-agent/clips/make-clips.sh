#!/usr/bin/env bash
# Makes the agent's spoken prompts with espeak-ng, in Chinese and English, under the given folder.
set -euo pipefail
out="${1:?usage: make-clips.sh OUTPUT_DIR}"
command -v espeak-ng >/dev/null || { echo "make-clips: espeak-ng is not installed (apt-get install espeak-ng)" >&2; exit 1; }
mkdir -p "$out/zh-CN" "$out/en"
say() { espeak-ng -v "$1" -s 140 -w "$out/$2/$3.wav" "$4"; }
say cmn zh-CN calling "正在呼叫，请稍候"
say cmn zh-CN received "您的呼叫已收到"
say cmn zh-CN help-coming "工作人员正在赶来"
say cmn zh-CN staff-arrived "工作人员已到达"
say cmn zh-CN call-closed "呼叫已结束"
say cmn zh-CN fault-use-phone "呼叫未能接通，请使用电话求助"
say cmn zh-CN are-you-ok "您还好吗？请按任意按钮"
say cmn zh-CN test-call "这是测试呼叫"
say en en calling "Calling for help, please wait"
say en en received "Your call has been received"
say en en help-coming "Help is on the way"
say en en staff-arrived "Staff have arrived"
say en en call-closed "The call is closed"
say en en fault-use-phone "The call did not get through, please use the phone"
say en en are-you-ok "Are you all right? Please press any button"
say en en test-call "This is a test call"
echo "make-clips: 16 clips written under $out"
