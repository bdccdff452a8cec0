#!/usr/bin/perl
# Oracle for HTML metadata: for each message path on stdin prints a JSON line with the
# html_all results SA 4.0.1 records (URI lists sorted, since Perl hash order is random;
# strings as hex of their UTF-8 encoding).
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
sub hx { my $s = shift; return undef unless defined $s; utf8::upgrade($s); utf8::encode($s); return unpack("H*", $s) }
while (my $file = <STDIN>) {
  chomp $file;
  next if $file eq '';
  open(my $fh, '<:raw', $file) or die "$file: $!";
  my $text = do { local $/; <$fh> };
  close $fh;
  my $msg = $sa->parse($text, 1);
  $msg->get_rendered_body_text_array();
  my @all;
  for my $h (@{ $msg->{metadata}->{html_all} || [] }) {
    next unless defined $h;
    my %o;
    for my $k (qw(image_area length min_size max_size closed_extra_ratio backhair_count bad_tag_ratio
                  non_element_ratio obfuscation_ratio font_low_contrast font_invalid_color font_face_bad
                  form_action_mailto embeds uri_truncated html_length non_space_len ratio)) {
      $o{$k} = defined $h->{$k} ? $h->{$k} + 0 : undef;
    }
    $o{uri} = [ sort map { hx($_) } @{ $h->{uri} || [] } ];
    $o{anchor} = [ map { hx($_) } @{ $h->{anchor} || [] } ];
    $o{title} = [ map { hx($_) } @{ $h->{title} || [] } ];
    $o{comment} = [ map { hx($_) } @{ $h->{comment} || [] } ];
    $o{script} = [ map { hx($_) } @{ $h->{script} || [] } ];
    $o{inside} = { map { hx($_) => $h->{inside}{$_} } keys %{ $h->{inside} || {} } };
    push @all, \%o;
  }
  print $json->encode({ file => $file, html => \@all }), "\n";
  $msg->finish();
}
