#!/usr/bin/perl
# Perl SpamAssassin in-process, for bench/peers.mjs: loads the rules once, then times parse + check
# of each message whose path arrives on stdin (one per line), as spamscore's check() is timed.
#
#   usage: perl bench/perl-sa.pl RULES_DIR SITE_DIR < list-of-message-files
#
# Local tests only (like `spamassassin -L`); the site dir's local.cf decides Bayes etc.
# The first message is scanned once more before the timed pass (the "first scan", which also
# compiles whatever SpamAssassin compiles lazily). Output, one record a line, tab-separated:
#   load <ms>            Mail::SpamAssassin->new + compile_now (parse and compile the rules)
#   first <ms>           parse + check of the first message, once, before the timed pass
#   msg <ms> <score>     parse + check of each message, in input order
#   rss <kB> <kB>        peak resident set (VmHWM) and current (VmRSS) of this process, at the end
use strict;
use warnings;
use Mail::SpamAssassin;
use File::Temp qw(tempdir);
use Time::HiRes qw(time);

my ($rules, $site) = @ARGV;
die "usage: perl-sa.pl RULES_DIR SITE_DIR < files\n" unless $rules && $site;
$| = 1;

my @files = grep { length } map { chomp; $_ } <STDIN>;

my $t0 = time;
my $sa = Mail::SpamAssassin->new({
  rules_filename      => $rules,
  site_rules_filename => $site,
  userprefs_filename  => '/dev/null',
  userstate_dir       => tempdir(CLEANUP => 1),
  local_tests_only    => 1,
  dont_copy_prefs     => 1,
});
$sa->compile_now(0, 1);
printf "load\t%.3f\n", 1000 * (time - $t0);

sub slurp {
  my ($f) = @_;
  open(my $fh, '<:raw', $f) or die "$f: $!\n";
  local $/;
  my $text = <$fh>;
  close $fh;
  return $text;
}

sub scan {
  my ($text) = @_;
  my $t1 = time;
  my $mail = $sa->parse($text);
  my $st = $sa->check($mail);
  my $ms = 1000 * (time - $t1);
  my $score = $st->get_score();
  $st->finish();
  $mail->finish();
  return ($ms, $score);
}

if (@files) {
  my ($ms) = scan(slurp($files[0]));
  printf "first\t%.3f\n", $ms;
}
for my $f (@files) {
  my $text = slurp($f);
  my ($ms, $score) = scan($text);
  printf "msg\t%.3f\t%s\n", $ms, $score;
}

my %st;
if (open(my $fh, '<', '/proc/self/status')) {
  while (<$fh>) { $st{$1} = $2 if /^(VmHWM|VmRSS):\s+(\d+)/ }
  close $fh;
}
printf "rss\t%d\t%d\n", $st{VmHWM} // 0, $st{VmRSS} // 0;
