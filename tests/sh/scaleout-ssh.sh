#!/bin/sh
# Scale-out over ssh, as docs/scale-out.md gives it ("Several machines"):
# two sshd on loopback ports stand for two hosts; GNU parallel sends each
# shard to a host (--transferfile), runs cjm-kpi --partial there, brings
# the part back (--return) and removes what it sent (--cleanup);
# cjm-merge of the parts must be the bytes of one cjm-kpi pass.
# Host key, user key, known_hosts and both configs live in a temp dir;
# each "host" has its own home there (sshd's SetEnv), so a shard reaches
# it only over ssh.  Nothing outside the temp dir is touched: as root,
# where sshd wants /run/sshd and it is missing, sshd runs in a private
# mount namespace with its own /run.
# Skipped (status 77) when sshd, ssh, rsync or GNU parallel is missing.
case ${BIN:-bin} in
*-san)	echo "runs in the plain pass (no C code of its own to sanitize)"
	exit 77 ;;
esac
sshd=$(command -v sshd || echo /usr/sbin/sshd)
for c in "$sshd" ssh ssh-keygen rsync parallel perl; do
	command -v "$c" >/dev/null 2>&1 || {
		echo "$c not installed (Debian: openssh-server, openssh-client," \
		    "rsync, parallel)"
		exit 77
	}
done
command -v cjm-kpi >/dev/null && command -v cjm-merge >/dev/null ||
    { echo "cjm-kpi or cjm-merge not built"; exit 1; }
bindir=$(dirname "$(command -v cjm-kpi)")

t=$(mktemp -d) || exit 1
cleanup() {
	for p in "$t"/sshd*.pid; do
		[ -s "$p" ] && kill "$(cat "$p")" 2>/dev/null
	done
	rm -rf "$t"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
mkdir "$t/local" "$t/home" "$t/host1" "$t/host2" || exit 1

ssh-keygen -q -t ed25519 -N '' -C cjm-test-host -f "$t/hostkey" &&
    ssh-keygen -q -t ed25519 -N '' -C cjm-test-user -f "$t/id" &&
    cp "$t/id.pub" "$t/authorized_keys" || { echo "ssh-keygen failed"; exit 1; }

# start I PORT: sshd for host I on 127.0.0.1:PORT; 0 when it listens.
start() {
	cat >"$t/sshd$1.conf" <<EOF
ListenAddress 127.0.0.1:$2
HostKey $t/hostkey
PidFile $t/sshd$1.pid
AuthorizedKeysFile $t/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin prohibit-password
StrictModes no
LogLevel ERROR
SetEnv "HOME=$t/host$1" "PATH=$bindir:/usr/local/bin:/usr/bin:/bin"
ForceCommand cd && exec /bin/sh -c "\$SSH_ORIGINAL_COMMAND"
EOF
	rm -f "$t/sshd$1.pid"
	if [ "$(id -u)" = 0 ] && [ ! -d /run/sshd ]; then
		unshare -m sh -c 'mount -t tmpfs cjm-test /run &&
		    mkdir /run/sshd && exec "$0" -f "$1" -E "$2"' \
		    "$sshd" "$t/sshd$1.conf" "$t/sshd$1.log" || return 1
	else
		"$sshd" -f "$t/sshd$1.conf" -E "$t/sshd$1.log" || return 1
	fi
	cat >>"$t/ssh_config" <<EOF
Host host$1
  HostName 127.0.0.1
  Port $2
  User $(id -un)
  IdentityFile $t/id
  IdentitiesOnly yes
  UserKnownHostsFile $t/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  BatchMode yes
  ConnectTimeout 10
  KexAlgorithms curve25519-sha256
  LogLevel ERROR
EOF
	echo "[127.0.0.1]:$2 $(cat "$t/hostkey.pub")" >>"$t/known_hosts"
	k=0
	while [ $k -lt 50 ]; do
		[ "$(ssh -F "$t/ssh_config" "host$1" pwd 2>/dev/null)" = \
		    "$t/host$1" ] && return 0
		sleep 0.1
		k=$((k + 1))
	done
	return 1
}
# Ports from the process id, the next ones when taken.
port=$((20000 + $$ % 20000))
for i in 1 2; do
	tries=0
	until start $i $port; do
		tries=$((tries + 1))
		if [ $tries -ge 5 ]; then
			cat "$t/sshd$i.log" 2>/dev/null
			echo "could not start sshd (as $(id -un)) on a loopback port"
			exit 77
		fi
		[ -s "$t/sshd$i.pid" ] && kill "$(cat "$t/sshd$i.pid")"
		sed -i "/^Host host$i\$/,\$d" "$t/ssh_config"
		port=$((port + 7))
	done
	port=$((port + 1))
done

# 12000 rows, 3 shards of 4000 (each with the header): more shards than
# hosts; dyadic weights, so the sums are exact and the bytes the same.
awk 'BEGIN {
	x = 12345
	print "respondent,time,step,stage,touchpoint,channel,segment,metric,scale,score,weight,comment"
	split("Awareness,Consideration,Purchase,Purchase,Support,Support", st, ",")
	split("Ad,Website,Checkout,Store,Call,Chat", tp, ",")
	split("online,online,online,offline,offline,online", ch, ",")
	split("nps,csat,csat,ces,ces,nps", me, ",")
	split("0-10,1-5,1-5,1-7,5-1,0-10", sc, ",")
	split("0.5,1,1.5,2", wt, ",")
	for (r = 1; r <= 12000; r++) {
		x = (x * 1103515245 + 12345) % 2147483648
		i = x % 6 + 1
		split(sc[i], ab, "-"); lo = ab[1] < ab[2] ? ab[1] : ab[2]
		k = (ab[1] > ab[2] ? ab[1] - ab[2] : ab[2] - ab[1]) + 1
		printf "R%d,2026-%02d-%02dT10:00:00,%d,%s,%s,%s,%s,%s,%s,%d,%s,%s\n",
		    int(r / 3), 9 + int(x / 7) % 3, int(x / 11) % 28 + 1, i,
		    st[i], tp[i], ch[i], int(x / 13) % 2 ? "Business" : "Consumer",
		    me[i], sc[i], lo + int(x / 17) % k, wt[int(x / 19) % 4 + 1],
		    r % 50 ? "" : "\"slow,\nbut kind\""
	}
}' >"$t/all.csv"
awk -v dir="$t/local" 'NR == 1 { h = $0; next }
	/^R/ { n++; if ((n - 1) % 4000 == 0) { f = sprintf("%s/shard-%d.csv", dir, ++k)
		print h >f } }
	{ print >f }' "$t/all.csv"
[ "$(ls "$t/local" | wc -l)" -eq 3 ] || { echo "expected 3 shards"; exit 1; }

# The recipe of docs/scale-out.md, with the test's ssh configuration
# (2/: two jobs at a time on each host, without logging in first to count
# its cores).
(cd "$t/local" && HOME=$t/home parallel --will-cite \
    --ssh "ssh -F $t/ssh_config" --joblog "$t/joblog" \
    -S 2/host1,2/host2 --transferfile {} --return {.}.kpi --cleanup \
    'cjm-kpi --partial --period week {} > {.}.kpi' ::: shard-*.csv) \
    >"$t/parallel.out" 2>&1 || { cat "$t/parallel.out"; echo "parallel failed"; exit 1; }
(cd "$t/local" && cjm-merge --journey shard-*.kpi) >"$t/merged.csv" ||
    { echo "cjm-merge failed"; exit 1; }
cjm-kpi --period week --journey "$t/all.csv" >"$t/one.csv" || exit 1

fail=0
cmp -s "$t/one.csv" "$t/merged.csv" ||
    { echo "merged parts differ from one cjm-kpi pass"; diff "$t/one.csv" "$t/merged.csv" | head; fail=1; }
[ "$(wc -l <"$t/one.csv")" -gt 20 ] || { echo "too few KPI rows"; fail=1; }
for h in host1 host2; do
	awk -v h=$h 'NR > 1 && $2 == h && $7 == 0 { n++ } END { exit !n }' \
	    "$t/joblog" || { echo "no job ran on $h"; cat "$t/joblog"; fail=1; }
	[ -z "$(ls -A "$t/$h")" ] ||
	    { echo "$h keeps files after --cleanup:"; ls -A "$t/$h"; fail=1; }
done
exit $fail
