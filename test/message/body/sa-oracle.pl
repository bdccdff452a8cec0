#!/usr/bin/perl
# Oracle for the body views: for each message file named on stdin (one path a line), prints a
# JSON line {"file", "rendered", "visible", "raw"} with every array element hex-encoded, as
# produced by the installed Perl SpamAssassin 4.0.1 (get_rendered_body_text_array,
# get_visible_rendered_body_text_array, get_decoded_body_text_array).
# Usage: perl sa-oracle.pl <site-rules-dir> <rules-dir>  < list-of-files
use strict;
use warnings;
use Mail::SpamAssassin;
use JSON::PP;

my ($site, $rules) = @ARGV;
my $sa = Mail::SpamAssassin->new({
  local_tests_only => 1, dont_copy_prefs => 1, userprefs_filename => '/dev/null',
  site_rules_filename => $site, rules_filename => $rules,
});
$sa->init(0);
my $json = JSON::PP->new->canonical;
binmode STDOUT;
sub hexify { my $a = shift; return [ map { my $s = $_; utf8::encode($s) if utf8::is_utf8($s); unpack('H*', $s) } @$a ] }
while (my $file = <STDIN>) {
  chomp $file;
  next if $file eq '';
  open(my $fh, '<:raw', $file) or die "$file: $!";
  # Slurp in a block: SA's chomp() calls depend on $/ being "\n" while it parses.
  my $text = do { local $/; <$fh> };
  close $fh;
  my $msg = $sa->parse($text, 1);
  my %out = (file => $file);
  $out{rendered} = hexify($msg->get_rendered_body_text_array());
  $out{visible} = hexify($msg->get_visible_rendered_body_text_array());
  $out{raw} = hexify($msg->get_decoded_body_text_array());
  print $json->encode(\%out), "\n";
  $msg->finish();
}
