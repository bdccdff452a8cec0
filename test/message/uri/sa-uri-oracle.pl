#!/usr/bin/perl
# Oracle for the URI tests: runs Perl SpamAssassin 4.0.1 on messages and prints, one JSON object
# a line, both the *inputs* our URI code takes (the rendered body array, the HTML uri_detail
# keys with their types, anchor texts and Perl utf8 flag, the DKIM signature headers) and what SA
# answers (get_uri_list, and get_uri_detail_list types/cleaned per key).
#
#   usage: perl sa-uri-oracle.pl RULES_DIR SITE_DIR < requests.jsonl > answers.jsonl
#   request line: {"path": "/file.eml"} or {"text": "<latin-1 message>"}, optional "registry": 1,
#                 optional "lines": [...] replacing the rendered body array (octet strings), to
#                 probe the text URI finder on exact bytes
#   Strings print as JSON \u escapes of Perl *characters*: octet strings give one char per byte,
#   utf8-flagged strings give code points (the "utf8" fields say which).
use strict; use warnings;
use Mail::SpamAssassin;
use Mail::SpamAssassin::PerMsgStatus;
use JSON::PP;
use File::Temp qw(tempdir);

my ($rules, $site) = @ARGV;
die "usage: sa-uri-oracle.pl RULES_DIR SITE_DIR\n" unless $rules && $site;
my $json = JSON::PP->new->canonical(1)->ascii(1)->allow_nonref(1);
my $state = tempdir(CLEANUP => 1);
my $sa = Mail::SpamAssassin->new({
  local_tests_only => 1, dont_copy_prefs => 1, userprefs_filename => '/dev/null',
  userstate_dir => $state, site_rules_filename => $site, rules_filename => $rules,
});
$sa->init(0);

$| = 1;
while (my $line = <STDIN>) {
  next unless $line =~ /\S/;
  my $req = $json->decode($line);
  my $text;
  if (defined $req->{path}) {
    open(my $fh, '<:raw', $req->{path}) or die "$req->{path}: $!";
    local $/; $text = <$fh>; close $fh;
  } else {
    $text = $req->{text}; utf8::downgrade($text);
  }
  my %out;
  my $msg = $sa->parse($text);
  my $pms = Mail::SpamAssassin::PerMsgStatus->new($sa, $msg);
  $msg->delete_header('X-Spam-.*');
  $pms->extract_message_metadata();
  if ($req->{lines}) {
    $msg->{text_rendered} = [ map { my $l = $_; utf8::downgrade($l); $l } @{ $req->{lines} } ];
  }

  my $body = $pms->get_decoded_stripped_body_text_array();
  $out{body} = [ @$body ];
  $out{body_utf8} = [ map { utf8::is_utf8($_) ? 1 : 0 } @$body ];
  my @html;
  for my $h (@{ $msg->{metadata}->{html_all} || [] }) {
    my $detail = $h->{uri_detail} || {};
    for my $k (sort keys %$detail) {
      my $info = $detail->{$k};
      push @html, {
        uri => $k, utf8 => (utf8::is_utf8($k) ? 1 : 0),
        types => ($info->{types} ? [ sort keys %{ $info->{types} } ] : undef),
        anchor => ($info->{anchor_text} ? [ @{ $info->{anchor_text} } ] : undef),
      };
    }
    $out{html_truncated} = 1 if $h->{uri_truncated};
  }
  $out{html} = \@html;
  $out{dkim} = [ $pms->get('DomainKey-Signature'), $pms->get('DKIM-Signature') ];

  $out{uris} = [ sort $pms->get_uri_list() ];
  my $udl = $pms->get_uri_detail_list();
  my %detail;
  for my $k (keys %$udl) {
    my $d = $udl->{$k};
    $detail{$k} = {
      types => [ sort keys %{ $d->{types} || {} } ],
      cleaned => ($d->{cleaned} ? [ sort @{ $d->{cleaned} } ] : undef),
      anchor => ($d->{anchor_text} ? [ @{ $d->{anchor_text} } ] : undef),
      domains => [ sort keys %{ $d->{domains} || {} } ],
      hosts => { %{ $d->{hosts} || {} } },
    };
  }
  $out{detail} = \%detail;
  $out{uri_truncated} = $pms->{uri_truncated} ? 1 : 0;
  if ($req->{registry}) {
    $out{registry} = {
      tlds => [ sort keys %{ $sa->{conf}->{valid_tlds} } ],
      two => [ sort keys %{ $sa->{conf}->{two_level_domains} } ],
      three => [ sort keys %{ $sa->{conf}->{three_level_domains} } ],
      redirectors => [ map { "$_" } @{ $sa->{conf}->{redirector_patterns} } ],
    };
  }
  print $json->encode(\%out), "\n";
}
