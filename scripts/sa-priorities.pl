#!/usr/bin/perl
# Prints the run priority Perl SpamAssassin gives every rule of a rule set whose priority is not 0,
# as JSON {NAME: priority}. SA deletes its priority table after parsing (Conf::Parser::finish_parsing),
# so rules-dump.pl reports 0 for every rule; this keeps it (allow_user_rules) and applies the same
# default as finish_parsing: an explicit priority, else -100 for `net` rules, else 0.
#
#   usage: perl scripts/sa-priorities.pl RULES_DIR SITE_DIR > fixtures/stock-priorities.json
use strict; use warnings;
use Mail::SpamAssassin;
use JSON::PP;
use File::Temp qw(tempdir);
my ($rules, $site) = @ARGV;
die "usage: sa-priorities.pl RULES_DIR SITE_DIR\n" unless $rules && $site;
my $sa = Mail::SpamAssassin->new({
  rules_filename => $rules, site_rules_filename => $site,
  userprefs_filename => '/dev/null', userstate_dir => tempdir(CLEANUP => 1),
  local_tests_only => 1, dont_copy_prefs => 1,
});
$sa->{conf}->{allow_user_rules} = 1;
$sa->init(0);
my $c = $sa->{conf};
my %out;
for my $name (keys %{$c->{test_types}}) {
  my $p = $c->{priority}{$name} ? $c->{priority}{$name} : (($c->{tflags}{$name} || '') =~ /\bnet\b/ ? -100 : 0);
  $out{$name} = $p + 0 if $p;
}
print JSON::PP->new->canonical(1)->pretty->encode(\%out);
